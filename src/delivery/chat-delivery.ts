import { createHash } from 'node:crypto';
import type { ChatConfig } from '../config/schema.js';
import { type Destination, messagesPerMinute } from './limits.js';

/** How Gong delivers into one chat: its rate limits and its storm rule. */
export interface ChatDelivery {
  destination: Destination;
  storm: { threshold: number; groupBy: string[]; refreshMs: number };
}

const DEFAULT_STORM_CEILING = 600;

/**
 * A chat is in a storm when more new alerts arrive in a minute than half of what it can take:
 * the other half stays free for the summary and for updates of cards already posted.
 */
export function chatDelivery(chat: ChatConfig): ChatDelivery {
  const destination: Destination = {
    kind: chat.type,
    chat: chat.name,
    ...('app' in chat && chat.app && { app: chat.app }),
    target: targetOf(chat),
    ...(chat.rateLimit && { override: chat.rateLimit }),
  };
  const perMinute = messagesPerMinute(destination);
  const fallback = Number.isFinite(perMinute) ? Math.max(1, Math.floor(perMinute / 2)) : DEFAULT_STORM_CEILING;
  return {
    destination,
    storm: {
      threshold: chat.storm?.threshold ?? fallback,
      groupBy: chat.storm?.groupBy ?? [],
      refreshMs: (chat.storm?.refreshSeconds ?? 30) * 1000,
    },
  };
}

/** The platform-side identity of the chat, hashed: a robot URL and a group id are secrets. */
function targetOf(chat: ChatConfig): string {
  const id = 'webhook' in chat ? chat.webhook : 'chatId' in chat ? chat.chatId : chat.conversationId;
  return createHash('sha256').update(`${chat.type}\n${id}`).digest('hex').slice(0, 24);
}
