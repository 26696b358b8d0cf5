import type { ChatConfig } from '../config/schema.js';
import type { BrokenChat } from './chat-store.js';
import { maskUrl } from '../shared/mask-secrets.js';

/** Where a chat is defined: the config file, the sandbox (built in, read-only too) or the database. */
export type ChatOrigin = 'config' | 'sandbox' | 'database';

/** The outcome of the last message any Gong instance sent to a chat (`lastDelivery`). */
export interface DeliveryStatus {
  ok: boolean;
  at: string;
  /** The platform's error, when the last send was refused or could not reach it. */
  error?: string;
  lastSuccessAt: string | null;
  /** The latest failure, even when a later send got through. */
  lastFailure: { at: string; error: string } | null;
}

/**
 * A chat as the API and the console show it. Webhook URLs carry their token in the path (Lark)
 * or the query (DingTalk), so both are masked; robot secrets are only ever reported as present.
 */
export function chatJson(chat: ChatConfig, origin: ChatOrigin, status?: DeliveryStatus) {
  const base = {
    name: chat.name,
    type: chat.type,
    origin,
    readOnly: origin !== 'database',
    publish: chat.publish,
    dailyStats: chat.dailyStats.map((clock) => clock.text),
  };
  const delivery = status ? { lastDelivery: status } : {};
  switch (chat.type) {
    case 'dingtalk':
      return { ...base, conversationId: chat.conversationId, app: chat.app ?? null, ...delivery };
    case 'lark':
      return { ...base, chatId: chat.chatId, app: chat.app ?? null, ...delivery };
    case 'dingtalk-webhook':
    case 'lark-webhook':
      return { ...base, webhook: maskUrl(chat.webhook), hasSecret: Boolean(chat.secret), keywords: chat.keywords ?? [], ...delivery };
    case 'wecom-webhook':
      return { ...base, webhook: maskUrl(chat.webhook), format: chat.format, ...delivery };
  }
}

export type ChatJson = ReturnType<typeof chatJson>;

/** A stored row that is not a valid chat: its name, its type and what is wrong, nothing more. */
export function brokenChatJson(row: BrokenChat) {
  return { name: row.name, type: row.type, origin: 'database' as const, readOnly: false, broken: true as const, reason: row.reason };
}

/** What sending to a broken chat answers: what is wrong, and the two ways out. */
export function brokenChatMessage(row: BrokenChat): string {
  return `chat "${row.name}" is stored with invalid settings (${row.reason}); save it again with all its settings, or delete it`;
}

/** The chat's fields whose values must never leave Gong. */
export const SECRET_FIELDS = ['webhook', 'secret'] as const;
