import type { Logger } from 'pino';
import type { AlertChannel } from '../cards/channel.js';
import type { DeliveryStatuses } from '../delivery/delivery-status.js';
import type { ChatConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import type { AppStatus, PlatformRuntime, StatusChannel } from '../platforms/platform-runtime.js';
import type { GuardedRouter } from '../shared/guarded-router.js';
import { maskUrlsIn } from '../shared/mask-secrets.js';
import { budgetChannels } from './budget-channels.js';
import { budgetedChannel } from './budgeted-channel.js';
import { type ChatDelivery, chatDelivery } from './chat-delivery.js';
import type { RateBudget } from './rate-budget.js';

/** The chats' channels and the connections behind them, ready for the card workers. */
export interface RunningChannels {
  /**
   * Every call through these takes from the chat's rate budget (or throws a Deferral). Live:
   * chats added or removed while Gong runs appear here at once.
   */
  channels: Map<string, AlertChannel>;
  delivery: Map<string, ChatDelivery>;
  budget: RateBudget;
  routers: GuardedRouter[];
  status(): AppStatus[];
  /** Builds a channel for a chat added at run time; false when no running app can serve it. */
  attach(chat: ChatConfig): boolean;
  detach(name: string): void;
  stop(): Promise<void>;
}

export interface ChannelDeps {
  /** Every platform Gong speaks, from the composition root; each starts its configured apps and builds its chats' channels. */
  platforms: (() => Promise<PlatformRuntime>)[];
  /** The configuration file's chats. */
  chats: readonly ChatConfig[];
  db: Db;
  deliveries: Pick<DeliveryStatuses, 'watch'>;
  logger: Logger;
}

/** Connects every configured platform app and builds one channel per configured chat. */
export async function startChannels(deps: ChannelDeps): Promise<RunningChannels> {
  const runtimes: PlatformRuntime[] = [];
  try {
    for (const start of deps.platforms) runtimes.push(await start());
  } catch (error) {
    for (const runtime of runtimes) await runtime.stop().catch(() => {});
    throw error;
  }
  const raw = new Map(runtimes.flatMap((runtime) => runtime.channels.map((channel) => [channel.chat, channel] as const)));
  const budgeted = budgetChannels(raw, deps.chats, deps.db);
  const { delivery, budget } = budgeted;
  // Every channel is also watched so the console can show each chat's last delivery outcome.
  const { deliveries } = deps;
  const channels = new Map([...budgeted.channels].map(([name, channel]) => [name, deliveries.watch(channel)] as const));
  // Chats added at run time report their state like the config file's, which the runtimes report.
  const added = new Map<string, StatusChannel>();
  for (const chat of deps.chats) {
    if (!channels.has(chat.name)) deps.logger.error({ chat: chat.name, type: chat.type }, 'chat has no channel; its alerts are stored but not posted');
  }
  return {
    channels,
    delivery,
    budget,
    routers: runtimes.flatMap((runtime) => runtime.routers),
    // A platform's words can quote the URL it failed on, robot token and all.
    status: () =>
      [...runtimes.flatMap((runtime) => runtime.status()), ...[...added.values()].flatMap((channel) => channel.status?.() ?? [])].map((app) =>
        app.reason ? { ...app, reason: maskUrlsIn(app.reason) } : app,
      ),
    attach(chat) {
      const channel = runtimes.map((runtime) => runtime.channelFor?.(chat)).find((found) => found !== undefined);
      if (!channel) {
        deps.logger.warn({ chat: chat.name, type: chat.type }, 'no running app serves this chat; its alerts are stored but not posted');
        return false;
      }
      const plan = chatDelivery(chat);
      delivery.set(chat.name, plan);
      added.set(chat.name, channel);
      channels.set(chat.name, deliveries.watch(budgetedChannel(channel, plan.destination, budget)));
      return true;
    },
    detach(name) {
      channels.delete(name);
      delivery.delete(name);
      added.delete(name);
    },
    async stop() {
      for (const runtime of runtimes.reverse()) await runtime.stop();
    },
  };
}
