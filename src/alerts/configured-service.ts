import type { RuntimeConfig } from '../config/runtime-config.js';
import type { Db } from '../db/client.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { Metrics } from '../observability/metrics.js';
import { createFollowUps } from './follow-ups.js';
import { createRouting } from './routing.js';
import { createAlertService } from './service.js';

/**
 * The alert service with the configured routes, escalations, publishing, webhooks and silences.
 * `everyChat` names all chats, the database's too (created from the API or console): without
 * routes, those get every alert as well.
 */
export function configuredAlertService(
  config: RuntimeConfig,
  db: Db,
  jobs: Pick<JobQueue, 'enqueue' | 'wake'>,
  metrics?: Metrics,
  everyChat?: () => string[],
) {
  const decide = createRouting(config);
  const withoutRoutes = config.routes.length === 0 && everyChat;
  return createAlertService({
    db,
    jobs,
    timeZone: config.timezone,
    route: withoutRoutes ? () => withoutRoutes() : (alert) => decide(alert).chats,
    followUps: createFollowUps(config, decide, jobs),
    ...(metrics && { metrics }),
  });
}
