import type { GuardedRouter } from '../shared/guarded-router.js';
import type { ChatConfig } from '../config/schema.js';
import type { GongContext } from '../context.js';
import { maskUrlsIn } from '../shared/mask-secrets.js';
import { budgetChannels } from '../delivery/budget-channels.js';
import { budgetedChannel } from '../delivery/budgeted-channel.js';
import { type ChatDelivery, chatDelivery } from '../delivery/chat-delivery.js';
import type { RateBudget } from '../delivery/rate-budget.js';
import type { AlertChannel } from './channel.js';
import { startDingTalk } from './dingtalk/dingtalk-platform.js';
import { startLark } from './lark/lark-platform.js';
import type { AppStatus, PlatformDeps, PlatformRuntime, StatusChannel } from './platform-runtime.js';
import type { Inbound } from './transport.js';
import { startWeCom } from './wecom/wecom-platform.js';

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

type PlatformStarter = (deps: PlatformDeps) => Promise<PlatformRuntime>;

/** Every platform Gong speaks; each starts its configured apps and builds its chats' channels. */
const PLATFORMS: PlatformStarter[] = [startDingTalk, startLark, startWeCom];

/** Connects every configured platform app, its transports delivering to `inbound`, and builds one channel per configured chat. */
export async function startChannels(gong: GongContext, inbound: Inbound): Promise<RunningChannels> {
  const runtimes: PlatformRuntime[] = [];
  try {
    for (const start of PLATFORMS) runtimes.push(await start({ config: gong.config, logger: gong.logger, inbound }));
  } catch (error) {
    for (const runtime of runtimes) await runtime.stop().catch(() => {});
    throw error;
  }
  const raw = new Map(runtimes.flatMap((runtime) => runtime.channels.map((channel) => [channel.chat, channel] as const)));
  const budgeted = budgetChannels(raw, gong.config.chats, gong.database.db);
  const { delivery, budget } = budgeted;
  // Every channel is also watched so the console can show each chat's last delivery outcome.
  const { deliveries } = gong;
  const channels = new Map([...budgeted.channels].map(([name, channel]) => [name, deliveries.watch(channel)] as const));
  // Chats added at run time report their state like the config file's, which the runtimes report.
  const added = new Map<string, StatusChannel>();
  for (const chat of gong.config.chats) {
    if (!channels.has(chat.name)) gong.logger.error({ chat: chat.name, type: chat.type }, 'chat has no channel; its alerts are stored but not posted');
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
        gong.logger.warn({ chat: chat.name, type: chat.type }, 'no running app serves this chat; its alerts are stored but not posted');
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
