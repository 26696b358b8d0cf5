import type { ChatConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import type { AlertChannel } from '../cards/channel.js';
import { budgetedChannel } from './budgeted-channel.js';
import { type ChatDelivery, chatDelivery } from './chat-delivery.js';
import { createRateBudget, type RateBudget } from './rate-budget.js';

export interface BudgetedChannels {
  channels: Map<string, AlertChannel>;
  delivery: Map<string, ChatDelivery>;
  budget: RateBudget;
}

/** Puts every chat's channel behind the fleet-wide rate budget of its destination. */
export function budgetChannels(raw: ReadonlyMap<string, AlertChannel>, chats: readonly ChatConfig[], db: Db): BudgetedChannels {
  const budget = createRateBudget(db);
  const delivery = new Map(chats.map((chat) => [chat.name, chatDelivery(chat)]));
  const channels = new Map<string, AlertChannel>();
  for (const [name, channel] of raw) {
    const plan = delivery.get(name);
    if (plan) channels.set(name, budgetedChannel(channel, plan.destination, budget));
  }
  return { channels, delivery, budget };
}
