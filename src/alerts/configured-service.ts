import type { RuntimeConfig } from '../config/runtime-config.js';
import type { ChatConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Metrics } from '../observability/metrics.js';
import { createFollowUps } from './follow-ups.js';
import { createRouting, type DecideRoute } from './routing.js';
import { createAlertService } from './service.js';

/**
 * The alert service with the configured routes, escalations, publishing, webhooks and silences.
 * `allChats` lists every chat, the database's too (created from the API or console): without
 * routes, those get every alert as well, and each chat's own `publish` picks its notices.
 */
export function configuredAlertService(
  config: RuntimeConfig,
  db: Db,
  jobs: Pick<JobQueue, 'enqueue' | 'wake'>,
  metrics?: Metrics,
  allChats?: () => readonly ChatConfig[],
) {
  const routed = createRouting(config);
  const decide: DecideRoute =
    config.routes.length === 0 && allChats ? (alert) => ({ ...routed(alert), chats: allChats().map((chat) => chat.name) }) : routed;
  return createAlertService({
    db,
    jobs,
    timeZone: config.timezone,
    route: (alert) => decide(alert).chats,
    followUps: createFollowUps(config, decide, jobs, allChats),
    ...(metrics && { metrics }),
  });
}
