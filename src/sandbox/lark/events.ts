import { createHash } from 'node:crypto';
import type { SandboxLarkApp } from './types.js';

/** Stable derived ids, so one open_id always maps to the same union_id/user_id like a real tenant. */
const derive = (prefix: string, seed: string): string => prefix + createHash('sha1').update(seed).digest('hex').slice(0, 24);

const TENANT_KEY = 'sandbox_tenant';

function botOpenId(app: SandboxLarkApp): string {
  return app.botOpenId ?? derive('ou_', `bot:${app.appId}`);
}

export function derivedUnionId(openId: string): string {
  return derive('on_', openId);
}

function user(openId: string, unionId: string | undefined): Record<string, string> {
  return { open_id: openId, union_id: unionId ?? derivedUnionId(openId), user_id: derive('', openId).slice(0, 8) };
}

function envelope(app: SandboxLarkApp, eventId: string, eventType: string, at: number, event: unknown): Record<string, unknown> {
  return {
    schema: '2.0',
    header: {
      event_id: eventId,
      event_type: eventType,
      create_time: String(at),
      token: app.verificationToken ?? '',
      app_id: app.appId,
      tenant_key: TENANT_KEY,
    },
    event,
  };
}

export interface CardActionInput {
  app: SandboxLarkApp;
  eventId: string;
  openId: string;
  /** The clicker's union_id when the member has one set; else derived from the open_id. */
  unionId?: string;
  messageId: string;
  chatId: string;
  value: Record<string, unknown>;
  option?: string;
  tag: string;
  /** The delayed-update token for interactive/v1/card/update. */
  token: string;
  at: number;
}

/** card.action.trigger in the schema 2.0 envelope the platform pushes. */
export function cardActionEvent(i: CardActionInput): Record<string, unknown> {
  return envelope(i.app, i.eventId, 'card.action.trigger', i.at, {
    operator: { ...user(i.openId, i.unionId), tenant_key: TENANT_KEY },
    token: i.token,
    action: { value: i.value, tag: i.tag, ...(i.option !== undefined && { option: i.option }) },
    host: 'im_message',
    context: { open_message_id: i.messageId, open_chat_id: i.chatId },
  });
}

export interface MessageInput {
  app: SandboxLarkApp;
  eventId: string;
  messageId: string;
  chatId: string;
  openId: string;
  unionId?: string;
  text: string;
  at: number;
}

/** im.message.receive_v1 for a group text that @-mentions the app's bot first. */
export function messageEvent(i: MessageInput): Record<string, unknown> {
  return envelope(i.app, i.eventId, 'im.message.receive_v1', i.at, {
    sender: { sender_id: user(i.openId, i.unionId), sender_type: 'user', tenant_key: TENANT_KEY },
    message: {
      message_id: i.messageId,
      create_time: String(i.at),
      update_time: String(i.at),
      chat_id: i.chatId,
      chat_type: 'group',
      message_type: 'text',
      content: JSON.stringify({ text: `@_user_1 ${i.text}` }),
      mentions: [
        {
          key: '@_user_1',
          id: { open_id: botOpenId(i.app), union_id: derive('on_', botOpenId(i.app)), user_id: '' },
          name: i.app.botName ?? 'Gong',
          tenant_key: TENANT_KEY,
        },
      ],
    },
  });
}
