import { compileSchedules } from '../config/compile-routing.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import type { ChatConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { type ChatDelivery, chatDelivery } from '../delivery/chat-delivery.js';
import type { JobQueue } from '../db/job-queue.js';
import type { Metrics } from '../observability/metrics.js';
import { createFollowUps } from './follow-ups.js';
import { createRouting, type DecideRoute } from './routing.js';
import { createAlertService } from './service.js';

export type StormRuleOf = (chat: string) => ChatDelivery['storm'] | undefined;

/**
 * The alert service with the configured routes, escalations, publishing, webhooks and silences.
 * `allChats` lists every chat, the database's too (created from the API or console): without
 * routes, those get every alert as well, and each chat's own `publish` picks its notices.
 * `stormOf` gives each chat's storm rule (the running channels' plans; by default the configured chats').
 */
export function configuredAlertService(
  config: RuntimeConfig,
  db: Db,
  jobs: Pick<JobQueue, 'enqueue' | 'wake'>,
  metrics?: Metrics,
  allChats?: () => readonly ChatConfig[],
  stormOf: StormRuleOf = configuredStorms(config),
) {
  const routed = createRouting(config);
  const decide: DecideRoute =
    config.routes.length === 0 && allChats ? (alert) => ({ ...routed(alert), chats: allChats().map((chat) => chat.name) }) : routed;
  return createAlertService({
    db,
    jobs,
    timeZone: config.timezone,
    route: (alert) => decide(alert).chats,
    groupBy: (alert) => decide(alert).groupBy,
    storm: { of: stormOf },
    followUps: createFollowUps(config, decide, jobs, allChats),
    schedules: compileSchedules(config),
    ...(metrics && { metrics }),
  });
}

function configuredStorms(config: RuntimeConfig): StormRuleOf {
  const rules = new Map(config.chats.map((chat) => [chat.name, chatDelivery(chat).storm]));
  return (chat) => rules.get(chat);
}
