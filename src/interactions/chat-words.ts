import type { GongContext } from '../context.js';
import type { ViewOptions } from '../platforms/alert-view.js';
import type { ChannelKind } from '../platforms/channel.js';
import { viewOptionsFor } from '../platforms/view-options.js';
import { composeClick } from '../templates/compose.js';
import type { ClickBody } from '../templates/messages.js';

/** Where a click came from when Gong has no card row for it: the platform and the group's id. */
export interface ClickOrigin {
  platform: 'dingtalk' | 'lark' | 'wecom';
  /** DingTalk's openConversationId or Lark's chat_id, when the platform says. */
  group?: string | undefined;
}

/**
 * The template set and language a click's answer is worded in: the named chat's, else the
 * configured chat of that group (as command replies find theirs), else the configured ones.
 */
export function chatWords(gong: GongContext, chatName: string | undefined, origin?: ClickOrigin): { options: ViewOptions; kind: ChannelKind; say: (body: ClickBody) => string } {
  const named = chatName === undefined ? undefined : gong.chats.get(chatName)?.chat;
  const chat = named ?? (origin?.group ? gong.config.chats.find((candidate) => groupOf(candidate) === origin.group) : undefined);
  // The chat itself, not only the config file's list: a chat made in the console has its own language too.
  const options = viewOptionsFor({ ...gong.config, chats: chat ? [chat] : [] }, chat?.name);
  const kind: ChannelKind = chat?.type ?? (origin?.platform === 'lark' ? 'lark' : origin?.platform === 'wecom' ? 'wecom-webhook' : 'dingtalk');
  return { options, kind, say: (body) => composeClick(body, options, kind) };
}

export function groupOf(chat: GongContext['config']['chats'][number]): string | undefined {
  if (chat.type === 'lark') return chat.chatId;
  if (chat.type === 'dingtalk') return chat.conversationId;
  return undefined;
}
