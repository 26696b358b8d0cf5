import type { ChatConfig } from '../../config/schema.js';
import { actionUrls } from '../action-url.js';
import type { PlatformDeps, PlatformRuntime } from '../platform-runtime.js';
import { wecomWebhookChannel } from './webhook-channel.js';

/**
 * Builds a channel per WeCom robot chat. There is nothing to connect: robots only receive. The
 * delivery layer paces them (chats sharing one robot URL share its budget).
 */
export async function startWeCom({ config }: PlatformDeps): Promise<PlatformRuntime> {
  const channelOf = (chat: ChatConfig & { type: 'wecom-webhook' }) => wecomWebhookChannel(chat, { actionUrl: actionUrls(config, chat.name) });
  const channels = config.chats.flatMap((chat) => (chat.type === 'wecom-webhook' ? [channelOf(chat)] : []));
  return {
    channels,
    // A robot added from the API or console; its refusals show on the chat's delivery status.
    channelFor: (chat) => (chat.type === 'wecom-webhook' ? channelOf(chat) : undefined),
    status: () => channels.flatMap((channel) => channel.status() ?? []),
    routers: [],
    async stop() {},
  };
}
