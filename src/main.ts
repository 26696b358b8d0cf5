import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { type ChannelHost, createChatRegistry } from './chats/chat-registry.js';
import { createChatStore } from './chats/chat-store.js';
import { configuredAlertService } from './alerts/configured-service.js';
import type { AlertRow } from './alerts/alert-json.js';
import { buildAlertView } from './platforms/alert-view.js';
import { checkChatTemplates } from './platforms/check-templates.js';
import { configWarnings } from './config/warnings.js';
import type { RuntimeConfig } from './config/runtime-config.js';
import type { GongContext } from './context.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createHttpApp } from './http/app.js';
import type { DeclaredRoute, GuardedRouter } from './shared/guarded-router.js';
import { deliverCard, updateCard } from './jobs/card-workers.js';
import { scheduleDailyStats } from './jobs/daily-stats.js';
import { startFollowUpWorkers } from './jobs/follow-up-workers.js';
import { startJobQueue } from './db/job-queue.js';
import { type CardJob, QUEUES, type SummaryJob } from './db/queues.js';
import { postSummary } from './jobs/summary-worker.js';
import { type RunningChannels, startChannels } from './platforms/start-channels.js';
import { createMetrics } from './observability/metrics.js';
import { sandboxRoutes } from './http/routes/console-sandbox.js';
import { type Sandbox, startSandbox, wantsSandbox } from './sandbox/start-sandbox.js';
import { DeliveryStatuses } from './delivery/delivery-status.js';

/** How soon a chat saved on another instance gets its channel here. */
const CHAT_SYNC_MS = 5_000;

export interface Gong {
  context: GongContext;
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
  /** More HTTP routes, built once the context exists (the sandbox's page). */
  routes?: (context: GongContext) => GuardedRouter[];
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
    const metrics = createMetrics(() => jobs.depth(), () => context.platformStatus());
    // Channels exist only once the platforms run; chats saved before that wait for sync().
    let running: RunningChannels | undefined;
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
    const views = (alert: AlertRow, chat?: string) => buildAlertView(alert, chats.look(chat));
    const context: GongContext = {
      config, database, jobs, alerts, logger, metrics, views, chats,
      platformStatus: () => [],
      channels: new Map(),
      deliveries: new DeliveryStatuses(database.db, logger),
    };

    running = await startChannels(context);
    stops.unshift(() => running!.stop());
    context.platformStatus = running.status;
    context.channels = running.channels;
    await chats.sync();
    const chatSync = setInterval(() => chats.sync().catch((error: unknown) => logger.warn({ err: error }, 'chat sync failed')), CHAT_SYNC_MS);
    stops.unshift(async () => clearInterval(chatSync));
    const { channels, delivery } = running;
    const workerDeps = { db: database.db, jobs, channels, delivery, view: views, logger, publicUrl: config.server.publicUrl, options: chats.look };
    await jobs.work<CardJob>(QUEUES.cardDeliver, (job) => deliverCard(workerDeps, job));
    // The "stately" queue never hands out two updates of the same card at once.
    await jobs.work<CardJob>(QUEUES.cardUpdate, (job) => updateCard(workerDeps, job));
    await jobs.work<SummaryJob>(QUEUES.stormSummary, (job) => postSummary(workerDeps, job));
    await startFollowUpWorkers(context, running.channels);

    const { app, routes } = createHttpApp(context, [...running.routers, ...(options.routes?.(context) ?? [])]);
    app.on('error', (error) => logger.debug({ err: error }, 'http error'));
    const server = await listen(app.callback(), config.server.port, config.server.host);
    stops.unshift(() => closeServer(server));
    const { port, url } = localAddress(server);
    // CLI commands that find the embedded database taken go through this API instead.
    database.dataDirLock?.announce(url);
    return {
      context,
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
    const gong = await startGong(sandbox.config, { ...options, routes: (context) => [sandboxRoutes(context, sandbox)] });
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
