import type { ChatConfig } from '../../config/schema.js';
import { actionUrls } from '../action-url.js';
import { chatsOfApp, namedApps } from '../../config/app-configs.js';
import type { AlertChannel } from '../../cards/channel.js';
import type { AppStatus, PlatformDeps, PlatformRuntime } from '../platform-runtime.js';
import { dingtalkAppChannel } from './app-channel.js';
import { DingTalkOpenApi } from './openapi-client.js';
import { dingtalkStreamTransport } from './stream-transport.js';
import { dingtalkWebhookChannel } from './webhook-channel.js';

type Chat<T extends ChatConfig['type']> = Extract<ChatConfig, { type: T }>;

/**
 * Connects every configured DingTalk app over Stream (card clicks and @-messages come in there)
 * and builds a channel per DingTalk chat: app-robot groups and custom (webhook) robots.
 */
export async function startDingTalk({ config, logger, inbound }: PlatformDeps): Promise<PlatformRuntime> {
  const apps = namedApps(config.dingtalk, 'dingtalk');
  const groupChats = config.chats.filter((chat): chat is Chat<'dingtalk'> => chat.type === 'dingtalk');
  const webhookChats = config.chats.filter((chat): chat is Chat<'dingtalk-webhook'> => chat.type === 'dingtalk-webhook');

  const channels: AlertChannel[] = [];
  const streams = apps.map((app) => {
    const api = new DingTalkOpenApi({ clientId: app.clientId, clientSecret: app.clientSecret, robotCode: app.robotCode, apiBase: app.apiBase });
    const transport = dingtalkStreamTransport(app, inbound, { logger, appCount: apps.length });
    for (const chat of chatsOfApp(groupChats, app.name, apps.length)) {
      channels.push(dingtalkAppChannel(chat, api, app.cardTemplateId, actionUrls(config, chat.name)));
    }
    return { app: app.name, transport, api, cardTemplateId: app.cardTemplateId };
  });
  const webhooks = webhookChats.map((chat) => dingtalkWebhookChannel(chat, actionUrls(config, chat.name)));

  // start() settles after the first attempt either way; a failing app reports it in status().
  await Promise.all(streams.map(({ transport }) => transport.start()));
  for (const { transport } of streams) {
    const status = transport.status();
    if (status.state !== 'connected') logger.error(status, 'DingTalk Stream is not connected; clicks and commands will not arrive until it is');
  }

  return {
    channels: [...channels, ...webhooks],
    channelFor(chat) {
      if (chat.type === 'dingtalk-webhook') return dingtalkWebhookChannel(chat, actionUrls(config, chat.name));
      if (chat.type !== 'dingtalk') return undefined;
      // Same rule as chatsOfApp: a chat naming no app is served when there is exactly one.
      const stream = chat.app ? streams.find((s) => s.app === chat.app) : streams.length === 1 ? streams[0] : undefined;
      return stream && dingtalkAppChannel(chat, stream.api, stream.cardTemplateId, actionUrls(config, chat.name));
    },
    status: (): AppStatus[] => [
      ...streams.map(({ transport }) => transport.status()),
      ...webhooks.flatMap((webhook) => webhook.status() ?? []),
    ],
    routers: [],
    async stop() {
      for (const { transport } of streams) await transport.stop();
    },
  };
}
