import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { type ChannelHost, createChatRegistry } from './chats/chat-registry.js';
import { createChatStore } from './chats/chat-store.js';
import { configuredAlertService } from './alerts/configured-service.js';
import type { AlertRow } from './db/alert-json.js';
import { type IncidentAlerts, buildAlertView } from './cards/alert-view.js';
import { checkChatTemplates } from './chats/check-chat-templates.js';
import { configWarnings } from './config/warnings.js';
import type { RuntimeConfig } from './config/runtime-config.js';
import type { AlertService } from './alerts/service.js';
import type { AlertView } from './cards/alert-view.js';
import type { ChatRegistry } from './chats/chat-registry.js';
import type { Database } from './db/client.js';
import type { JobQueue } from './db/job-queue.js';
import type { Metrics } from './observability/metrics.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createHttpApp } from './http/app.js';
import type { DeclaredRoute, GuardedRouter } from './shared/guarded-router.js';
import { deliverCard, updateCard } from './jobs/card-workers.js';
import { scheduleDailyStats } from './jobs/daily-stats.js';
import { startFollowUpWorkers } from './jobs/follow-up-workers.js';
import type { AlertChannel } from './cards/channel.js';
import { startJobQueue } from './db/job-queue.js';
import { type CardJob, QUEUES, type SummaryJob } from './db/queues.js';
import { postSummary } from './jobs/summary-worker.js';
import { type RunningChannels, startChannels } from './delivery/start-channels.js';
import { createMetrics } from './observability/metrics.js';
import { type ConsoleDeps, consoleRoutes } from './console/routes/console.js';
import { sandboxRoutes } from './console/routes/sandbox.js';
import { sendTestMessage } from './delivery/test-message.js';
import { chatWords } from './interactions/chat-words.js';
import { type Sandbox, startSandbox, wantsSandbox } from './sandbox/start-sandbox.js';
import { createRateBudget } from './delivery/rate-budget.js';
import { createInboundBudget } from './delivery/reply-budget.js';
import { createDispatch } from './interactions/dispatch.js';
import { createIdentifyActor } from './people/identify-actor.js';
import type { Dispatch } from './platforms/transport.js';
import { startDingTalk } from './platforms/dingtalk/dingtalk-platform.js';
import { startLark } from './platforms/lark/lark-platform.js';
import { startWeCom } from './platforms/wecom/wecom-platform.js';
import { DeliveryStatuses } from './delivery/delivery-status.js';

/** How soon a chat saved on another instance gets its channel here. */
const CHAT_SYNC_MS = 5_000;

/** What a running Gong is made of, for the CLI's banner and for tests that look inside; no consumer gets it whole. */
export interface GongParts {
  config: RuntimeConfig;
  database: Database;
  jobs: JobQueue;
  alerts: AlertService;
  logger: Logger;
  metrics: Metrics;
  /** The alert as cards show it, in the chat's (else the configured) template set, locale and time zone. */
  views: (alert: AlertRow, chat?: string, incident?: IncidentAlerts) => AlertView;
  /** Every chat: the config file's and the database's. */
  chats: ChatRegistry;
  /** The last send to each chat. */
  deliveries: DeliveryStatuses;
}

export interface Gong {
  parts: GongParts;
  /** Every click and command goes through this, whichever transport delivered it. */
  dispatch: Dispatch;
  /** Each chat's running channel (live: chats added at run time included). */
  channels: ReadonlyMap<string, AlertChannel>;
  /** The bound port (differs from the configured one when that was 0). */
  port: number;
  url: string;
  /** Every HTTP route with its guard. */
  routes: readonly DeclaredRoute[];
  stop(): Promise<void>;
}

export interface StartOptions {
  logger: Logger;
  /** Job polling interval; tests shorten it. */
  pollingIntervalSeconds?: number;
  /** More HTTP routes, built once the channels run (the sandbox's page). */
  routes?: (deps: ConsoleDeps) => GuardedRouter[];
}

/** The composition root: opens the database, starts the job queue and the HTTP server. */
export async function startGong(config: RuntimeConfig, options: StartOptions): Promise<Gong> {
  const { logger } = options;
  // Before anything opens: a broken template would otherwise surface as failed deliveries later.
  checkChatTemplates(config);
  for (const warning of configWarnings(config)) logger.warn(warning);
  const database = await openDatabase({ url: config.database.url, dataDir: config.dataDir });
  const stops: (() => Promise<void>)[] = [() => database.close()];
  try {
    await migrate(database);
    const jobs = await startJobQueue(database, logger, { pollingIntervalSeconds: options.pollingIntervalSeconds });
    stops.unshift(() => jobs.stop());
    // Channels exist only once the platforms run; chats saved before that wait for sync().
    let running: RunningChannels | undefined;
    const metrics = createMetrics(() => jobs.depth(), () => running?.status() ?? []);
    const host: ChannelHost = {
      attach(chat) {
        // A chat saved at run time gets its statistics times queued (job ids dedupe across the fleet).
        scheduleDailyStats({ db: database.db, jobs, chats: [chat], timeZone: config.timezone }).catch((error: unknown) =>
          logger.warn({ err: error, chat: chat.name }, 'could not schedule daily statistics'),
        );
        return running?.attach(chat) ?? false;
      },
      detach: (name) => running?.detach(name),
    };
    const chats = createChatRegistry(config, createChatStore(database.db), host, logger);
    // Storm rules come from the running channels' plans, which include chats added at run time.
    const alerts = configuredAlertService(config, database.db, jobs, metrics, () => chats.list().map((entry) => entry.chat), (chat) => running?.delivery.get(chat)?.storm);
    const views = (alert: AlertRow, chat?: string, incident?: IncidentAlerts) => buildAlertView(alert, chats.look(chat), incident);
    const deliveries = new DeliveryStatuses(database.db, logger);
    const parts: GongParts = { config, database, jobs, alerts, logger, metrics, views, chats, deliveries };

    // The inbound port: every transport hands its clicks and commands, and the action links' page its form, to this one dispatch.
    const dispatch = createDispatch({ alerts, chats, identify: createIdentifyActor(database.db, config.users, logger), config });
    const inbound = { dispatch, budget: createInboundBudget(createRateBudget(database.db), (platform, group) => chats.ofGroup(platform, group)) };
    running = await startChannels({
      platforms: [startDingTalk, startLark, startWeCom].map((start) => () => start({ config, logger, inbound })),
      chats: config.chats,
      db: database.db,
      deliveries,
      logger,
    });
    stops.unshift(() => running!.stop());
    await chats.sync();
    const chatSync = setInterval(() => chats.sync().catch((error: unknown) => logger.warn({ err: error }, 'chat sync failed')), CHAT_SYNC_MS);
    stops.unshift(async () => clearInterval(chatSync));
    const { channels, delivery } = running;
    const workerDeps = { db: database.db, jobs, channels, delivery, view: views, logger, publicUrl: config.server.publicUrl, options: chats.look };
    await jobs.work<CardJob>(QUEUES.cardDeliver, (job) => deliverCard(workerDeps, job));
    // The "stately" queue never hands out two updates of the same card at once.
    await jobs.work<CardJob>(QUEUES.cardUpdate, (job) => updateCard(workerDeps, job));
    await jobs.work<SummaryJob>(QUEUES.stormSummary, (job) => postSummary(workerDeps, job));
    await startFollowUpWorkers({ config, db: database.db, jobs, alerts, chats, channels, logger });

    // Built once the channels run: every route gets what it uses complete.
    const deps: ConsoleDeps = {
      config, db: database.db, alerts, chats, deliveries, platformStatus: running.status,
      sendTestMessage: (chat, source) => sendTestMessage({ channels, look: chats.look }, chat, source),
    };
    const http = { ...deps, adminToken: config.server.adminToken, sources: config.sources, words: (chat?: string) => chatWords(chats, chat), dispatch, metrics, logger };
    const { app, routes } = createHttpApp(http, [consoleRoutes(deps), { routers: [...running.routers, ...(options.routes?.(deps) ?? [])] }]);
    app.on('error', (error) => logger.debug({ err: error }, 'http error'));
    const server = await listen(app.callback(), config.server.port, config.server.host);
    stops.unshift(() => closeServer(server));
    const { port, url } = localAddress(server);
    // CLI commands that find the embedded database taken go through this API instead.
    database.dataDirLock?.announce(url);
    return {
      parts,
      dispatch,
      channels,
      routes,
      port,
      url,
      async stop() {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => {});
    throw error;
  }
}

async function listen(handler: Parameters<typeof import('node:http').createServer>[1], port: number, host: string): Promise<Server> {
  const { createServer } = await import('node:http');
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** Where this machine reaches the server: the bound address, or loopback when bound to every interface. */
function localAddress(server: Server): { port: number; url: string } {
  const { address, family, port } = server.address() as AddressInfo;
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : family === 'IPv6' ? `[${address}]` : address;
  return { port, url: `http://${host}:${port}` };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** `gong start`: Gong, plus the sandbox (local DingTalk and Lark, and its page) when no platform is configured. */
export async function startGongOrSandbox(config: RuntimeConfig, options: StartOptions): Promise<Gong & { sandbox?: Sandbox }> {
  if (!wantsSandbox(config)) return startGong(config, options);
  const sandbox = await startSandbox(config);
  try {
    const gong = await startGong(sandbox.config, { ...options, routes: (deps) => [sandboxRoutes(deps, sandbox)] });
    return {
      ...gong,
      sandbox,
      async stop() {
        await gong.stop();
        await sandbox.stop();
      },
    };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}
