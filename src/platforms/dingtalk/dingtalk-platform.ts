import type { ChatConfig } from '../../config/schema.js';
import { createRateBudget } from '../../delivery/rate-budget.js';
import type { GongContext } from '../../context.js';
import { chatsOfApp, namedApps } from '../app-configs.js';
import type { AlertChannel } from '../channel.js';
import type { AppStatus, PlatformRuntime } from '../platform-runtime.js';
import { actionUrls } from '../action-url.js';
import { dingtalkAppChannel } from './app-channel.js';
import { answerCardAction } from './card-actions.js';
import { DingTalkOpenApi } from './openapi-client.js';
import { answerRobotMessage } from './robot-commands.js';
import { DingTalkStreamClient, type StreamState } from './stream-client.js';
import { UserNames } from './user-names.js';
import { dingtalkWebhookChannel } from './webhook-channel.js';

type Chat<T extends ChatConfig['type']> = Extract<ChatConfig, { type: T }>;

/**
 * Connects every configured DingTalk app over Stream (card clicks and @-messages come in there)
 * and builds a channel per DingTalk chat: app-robot groups and custom (webhook) robots.
 */
export async function startDingTalk(gong: GongContext): Promise<PlatformRuntime> {
  const apps = namedApps(gong.config.dingtalk, 'dingtalk');
  const groupChats = gong.config.chats.filter((chat): chat is Chat<'dingtalk'> => chat.type === 'dingtalk');
  const webhookChats = gong.config.chats.filter((chat): chat is Chat<'dingtalk-webhook'> => chat.type === 'dingtalk-webhook');

  const channels: AlertChannel[] = [];
  const budget = createRateBudget(gong.database.db);
  const streams = apps.map((app) => {
    const api = new DingTalkOpenApi({ clientId: app.clientId, clientSecret: app.clientSecret, robotCode: app.robotCode, apiBase: app.apiBase });
    const names = new UserNames();
    const client = new DingTalkStreamClient({
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      apiBase: app.apiBase,
      logger: gong.logger.child({ dingtalkApp: app.name }),
    });
    client.onCardAction(answerCardAction(gong, app.name, names));
    client.onMessage(answerRobotMessage(gong, app.name, names, { budget, appCount: apps.length }));
    for (const chat of chatsOfApp(groupChats, app.name, apps.length)) {
      channels.push(dingtalkAppChannel(chat, api, app.cardTemplateId, actionUrls(gong.config, chat.name)));
    }
    return { app: app.name, client, api, cardTemplateId: app.cardTemplateId };
  });
  const webhooks = webhookChats.map((chat) => dingtalkWebhookChannel(chat, actionUrls(gong.config, chat.name)));

  // connect() settles after the first attempt either way; a failing app reports it in status().
  await Promise.all(streams.map(({ client }) => client.connect()));
  for (const { app, client } of streams) {
    if (client.state.status !== 'connected') gong.logger.error({ app, ...client.state }, 'DingTalk Stream is not connected; clicks and commands will not arrive until it is');
  }

  return {
    channels: [...channels, ...webhooks],
    channelFor(chat) {
      if (chat.type === 'dingtalk-webhook') return dingtalkWebhookChannel(chat, actionUrls(gong.config, chat.name));
      if (chat.type !== 'dingtalk') return undefined;
      // Same rule as chatsOfApp: a chat naming no app is served when there is exactly one.
      const stream = chat.app ? streams.find((s) => s.app === chat.app) : streams.length === 1 ? streams[0] : undefined;
      return stream && dingtalkAppChannel(chat, stream.api, stream.cardTemplateId, actionUrls(gong.config, chat.name));
    },
    status: (): AppStatus[] => [
      ...streams.map(({ app, client }) => streamStatus(app, client.state)),
      ...webhooks.flatMap((webhook) => webhook.status() ?? []),
    ],
    routers: [],
    async stop() {
      for (const { client } of streams) client.stop();
    },
  };
}

function streamStatus(app: string, state: StreamState): AppStatus {
  const reason = state.status === 'auth_failed' ? state.reason : state.status === 'reconnecting' ? state.lastError : undefined;
  return { platform: 'dingtalk', app, state: state.status, ...(reason !== undefined && { reason }) };
}
