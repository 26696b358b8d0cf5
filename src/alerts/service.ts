import type { Db } from '../db/client.js';
import type { RoutableAlert } from '../domain/routes.js';
import type { StormRules } from '../delivery/storm.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES } from '../db/queues.js';
import type { Metrics } from '../observability/metrics.js';
import type { NormalizedAlert } from '../sources/normalized-alert.js';
import { act, type ActRequest, type ActResult } from './act.js';
import type { RouteAlert } from './card-jobs.js';
import type { FollowUps } from './follow-ups.js';
import { ingestBatch, type IngestResult } from './ingest.js';
import { type AlertFilter, getAlert, getTimeline, listAlerts } from './queries.js';

export type AlertService = ReturnType<typeof createAlertService>;

/** The one door to alert state for every interface: hooks, API, CLI, chat buttons and commands. */
export function createAlertService(deps: { db: Db; jobs: Pick<JobQueue, 'enqueue' | 'wake'>; timeZone: string; route: RouteAlert; storm?: StormRules; followUps?: FollowUps; metrics?: Metrics }) {
  return {
    async ingest(source: string, batch: NormalizedAlert[]): Promise<IngestResult> {
      const result = await ingestBatch(deps, source, batch);
      // Committed: let this process's workers start on the cards now rather than at their next poll.
      deps.jobs.wake(QUEUES.cardDeliver);
      deps.jobs.wake(QUEUES.cardUpdate);
      for (const alert of batch) deps.metrics?.alertsReceived.inc({ source, status: alert.status });
      return result;
    },
    async act(request: ActRequest): Promise<ActResult> {
      const result = await act(deps, request);
      if (result.ok && !result.duplicate) deps.jobs.wake(QUEUES.cardUpdate);
      // A redelivery (same dedupeKey) answers the first outcome again but is not a second action.
      const duplicate = 'duplicate' in result && result.duplicate;
      deps.metrics?.actions.inc({
        action: request.action.type,
        platform: request.actor.platform,
        outcome: duplicate ? 'duplicate' : result.ok ? 'accepted' : result.code,
      });
      return result;
    },
    /** The chats an alert with these labels would be posted in. */
    chatsFor: (alert: RoutableAlert) => deps.route(alert),
    list: (filter: AlertFilter) => listAlerts(deps.db, filter),
    get: (id: number) => getAlert(deps.db, id),
    timeline: (id: number) => getTimeline(deps.db, id),
  };
}
