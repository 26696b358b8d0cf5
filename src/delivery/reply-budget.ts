import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatConfig } from '../config/schema.js';
import type { InboundBudget } from '../platforms/transport.js';
import { budgetedCalls } from './budgeted-channel.js';
import { chatDelivery } from './chat-delivery.js';
import { Deferral } from '../shared/deferral.js';
import { larkAppWindows } from './limits.js';
import type { RateBudget } from './rate-budget.js';

/** How long a command's reply waits for room in its chat's budget before it is given up. */
export const REPLY_WAIT_MS = 10_000;

/**
 * Sends the reply to a command written in `chat`: like every message to that chat it takes from
 * the chat's (and its app's) budget, so a reply among a burst of cards does not push the chat
 * over the platform's limit (Lark 230020). Someone is waiting for it and no job can carry it, so
 * it waits for room here instead of being deferred.
 */
export async function sendWithinChatBudget<T>(budget: RateBudget, chat: ChatConfig, send: () => Promise<T>, maxWaitMs = REPLY_WAIT_MS): Promise<T> {
  const { within } = budgetedCalls(chatDelivery(chat).destination, budget);
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    try {
      return await within('post', undefined, send);
    } catch (error) {
      if (!(error instanceof Deferral) || Date.now() + error.afterMs > deadline) throw error;
      await sleep(error.afterMs);
    }
  }
}

/**
 * The rate budget as the transports see it: a command's reply counts against its group's chat,
 * and a contact lookup against its app, like every other call to the platform.
 */
export function createInboundBudget(budget: RateBudget, chatOfGroup: (platform: 'dingtalk' | 'lark', group: string) => ChatConfig | undefined): InboundBudget {
  return {
    reply: (to, send) => sendWithinChatBudget(budget, chatOfGroup(to.platform, to.group) ?? standIn(to), send),
    take: async ({ app }) => {
      const taken = await budget.take(larkAppWindows(app));
      return taken.ok ? taken : { ok: false };
    },
  };
}

/** A group Gong posts nothing to still shares the app's limits: a stand-in chat counts its replies there. */
function standIn({ platform, group, app }: { platform: 'dingtalk' | 'lark'; group: string; app: string | undefined }): ChatConfig {
  const base = { name: `${platform}:${group}`, ...(app && { app }), publish: [], dailyStats: [] };
  return platform === 'lark' ? { ...base, type: 'lark', chatId: group } : { ...base, type: 'dingtalk', conversationId: group };
}
