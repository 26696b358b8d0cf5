import type { ChatRegistry } from '../chats/chat-registry.js';
import type { ViewOptions } from '../cards/alert-view.js';
import type { ChannelKind } from '../cards/channel.js';
import type { ChatPlatform } from '../platforms/transport.js';
import { composeClick } from '../templates/compose.js';
import type { ClickBody } from '../templates/messages.js';

/** What wording an answer needs of the chats: the chat by name, the chat of a group, a chat's look. */
export type ChatLooks = Pick<ChatRegistry, 'get' | 'ofGroup' | 'look'>;

/** Where a click came from when Gong has no card row for it: the platform and the group's id. */
export interface ClickOrigin {
  platform: ChatPlatform;
  /** DingTalk's openConversationId or Lark's chat_id, when the platform says. */
  group?: string | undefined;
}

/**
 * The template set and language a click's answer is worded in: the named chat's, else the
 * chat of that group (as command replies find theirs), else Gong's own.
 */
export function chatWords(chats: ChatLooks, chatName: string | undefined, origin?: ClickOrigin): { options: ViewOptions; kind: ChannelKind; say: (body: ClickBody) => string } {
  const named = chatName === undefined ? undefined : chats.get(chatName)?.chat;
  const chat = named ?? (origin?.group && origin.platform !== 'wecom' ? chats.ofGroup(origin.platform, origin.group) : undefined);
  const options = chats.look(chat?.name);
  const kind: ChannelKind = chat?.type ?? (origin?.platform === 'lark' ? 'lark' : origin?.platform === 'wecom' ? 'wecom-webhook' : 'dingtalk');
  return { options, kind, say: (body) => composeClick(body, options, kind) };
}
