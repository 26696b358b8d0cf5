import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatConfig } from '../config/schema.js';
import { budgetedCalls } from './budgeted-channel.js';
import { chatDelivery } from './chat-delivery.js';
import { Deferral } from '../db/deferral.js';
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
