import type { Logger } from 'pino';
import type { LarkAppConfig } from '../../config/schema.js';
import { GuardedRouter, routeGuard } from '../../shared/guarded-router.js';
import { actionUrls } from '../action-url.js';
import { chatsOfApp, namedApps } from '../../config/app-configs.js';
import type { AlertChannel } from '../../cards/channel.js';
import type { PlatformDeps, PlatformRuntime } from '../platform-runtime.js';
import type { Transport } from '../transport.js';
import { larkAppChannel } from './app-channel.js';
import { createLarkClient, type LarkClient } from './client.js';
import type { LarkTransport } from './events.js';
import { createHttpTransport } from './http-transport.js';
import { larkTransport } from './lark-transport.js';
import { larkWebhookChannel } from './webhook-channel.js';
import { createWsTransport } from './ws-transport.js';

/** Starts every configured Lark app (long connection or HTTP events) and the Lark chats' channels. */
export async function startLark({ config, logger: log, inbound }: PlatformDeps): Promise<PlatformRuntime> {
  const apps = namedApps(config.lark, 'lark');
  const larkChats = config.chats.flatMap((chat) => (chat.type === 'lark' ? [chat] : []));
  const webhookOf = (chat: Parameters<typeof larkWebhookChannel>[0]) => larkWebhookChannel(chat, actionUrls(config, chat.name));
  const webhooks = config.chats.flatMap((chat) => (chat.type === 'lark-webhook' ? [webhookOf(chat)] : []));
  const channels: AlertChannel[] = [...webhooks];
  const routers: GuardedRouter[] = [];
  const running: Transport[] = [];
  const clients = new Map<string, LarkClient>();

  for (const app of apps) {
    const logger = log.child({ platform: 'lark', app: app.name });
    const client = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: app.domain, logger });
    clients.set(app.name, client);
    for (const chat of chatsOfApp(larkChats, app.name, apps.length)) channels.push(larkAppChannel(chat, client));

    const wire = app.events === 'http' ? httpTransport(app, logger, routers, apps.length) : createWsTransport({ ...app, logger });
    const transport = larkTransport(wire, { name: app.name, client, budgetApp: apps.length === 1 ? undefined : app.name }, inbound, logger);
    await transport.start();
    running.push(transport);
  }

  return {
    channels,
    channelFor(chat) {
      if (chat.type === 'lark-webhook') return webhookOf(chat);
      if (chat.type !== 'lark') return undefined;
      // Same rule as chatsOfApp: a chat naming no app is served when there is exactly one.
      const client = chat.app ? clients.get(chat.app) : clients.size === 1 ? [...clients.values()][0] : undefined;
      return client && larkAppChannel(chat, client);
    },
    routers,
    status: () => [
      ...running.map((transport) => transport.status()),
      ...webhooks.flatMap((webhook) => webhook.status() ?? []),
    ],
    async stop() {
      for (const transport of running) await transport.stop();
    },
  };
}

/** HTTP event subscription: `/lark/events/<app>`, and `/lark/events` too when there is one app. */
function httpTransport(app: LarkAppConfig & { name: string }, logger: Logger, routers: GuardedRouter[], appCount: number): LarkTransport {
  const transport = createHttpTransport({
    appId: app.appId,
    ...(app.encryptKey && { encryptKey: app.encryptKey }),
    ...(app.verificationToken && { verificationToken: app.verificationToken }),
    logger,
  });
  // The transport verifies each event (signature or verification token) before dispatching it.
  const signed = routeGuard('platformSignature', (_ctx, next) => next());
  const router = new GuardedRouter().post(`/lark/events/${app.name}`, signed, transport.middleware);
  if (appCount === 1) router.post('/lark/events', signed, transport.middleware);
  routers.push(router);
  return transport;
}
