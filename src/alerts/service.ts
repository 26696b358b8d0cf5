import type { Db } from '../db/client.js';
import type { AlertRow } from '../db/alert-json.js';
import { CARD_ALERTS } from '../cards/alert-view.js';
import type { Schedule } from '../domain/oncall.js';
import type { RoutableAlert } from '../domain/routes.js';
import type { StormRules } from '../delivery/storm.js';
import type { JobQueue } from '../db/job-queue.js';
import { type AckTimeoutJob, type EscalationStepJob, QUEUES, type SnoozeEndJob } from '../db/queues.js';
import type { Metrics } from '../observability/metrics.js';
import type { NormalizedAlert } from '../sources/normalized-alert.js';
import { act, type ActRequest, type ActResult } from './act.js';
import type { RouteAlert } from './card-jobs.js';
import { expireAck, takeDueStep } from './escalate.js';
import type { FollowUps } from './follow-ups.js';
import { ingestBatch, type IngestResult } from './ingest.js';
import { alertStats } from './stats.js';
import { type AlertFilter, cardsOfClick, getAlert, getTimeline, incidentAlertsForCard, incidentOfAlert, listAlerts, listIncidentAlerts } from './queries.js';
import { type MergeRequest, mergeIncidents, type RegroupResult, splitIncident, type SplitRequest } from './regroup.js';
import { endSnooze } from './snooze-end.js';

export type AlertService = ReturnType<typeof createAlertService>;

/** The one door to alert state for every interface: hooks, API, CLI, chat buttons and commands. */
export function createAlertService(deps: {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue' | 'wake'>;
  timeZone: string;
  route: RouteAlert;
  /** The route's `groupBy` for an alert: how it is grouped into incidents. */
  groupBy?: (alert: RoutableAlert) => readonly string[];
  storm?: StormRules;
  followUps?: FollowUps;
  metrics?: Metrics;
  /** The on-call schedules an escalation step's `schedule:<name>` mentions are looked up in. */
  schedules?: readonly Schedule[];
}) {
  async function run(request: ActRequest, now: Date): Promise<ActResult> {
    const result = await act(deps, request, now);
    if (result.ok && !result.duplicate) deps.jobs.wake(QUEUES.cardUpdate);
    // A redelivery (same dedupeKey) answers the first outcome again but is not a second action.
    const duplicate = 'duplicate' in result && result.duplicate;
    deps.metrics?.actions.inc({
      action: request.action.type,
      platform: request.actor.platform,
      outcome: duplicate ? 'duplicate' : result.ok ? 'accepted' : result.code,
    });
    return result;
  }

  /** Merges and splits: woken workers, counted like every other action. */
  async function regroup(action: 'merge' | 'split', request: MergeRequest | SplitRequest, apply: () => Promise<RegroupResult>): Promise<RegroupResult> {
    const result = await apply();
    if (result.ok) {
      deps.jobs.wake(QUEUES.cardUpdate);
      deps.jobs.wake(QUEUES.cardDeliver);
    }
    deps.metrics?.actions.inc({ action, platform: request.actor.platform, outcome: result.ok ? 'accepted' : result.code });
    return result;
  }

  return {
    async ingest(source: string, batch: NormalizedAlert[]): Promise<IngestResult> {
      const result = await ingestBatch(deps, source, batch);
      // Committed: let this process's workers start on the cards now rather than at their next poll.
      deps.jobs.wake(QUEUES.cardDeliver);
      deps.jobs.wake(QUEUES.cardUpdate);
      for (const alert of batch) deps.metrics?.alertsReceived.inc({ source, status: alert.status });
      return result;
    },
    act: (request: ActRequest): Promise<ActResult> => run(request, new Date()),
    /** Gong's own timers change state through the same door as a click, with Gong as the actor. */
    stepDue: (job: EscalationStepJob, now = new Date()) => takeDueStep({ db: deps.db, schedules: deps.schedules ?? [], act: run }, job, now),
    ackTimedOut: (job: AckTimeoutJob, now = new Date()) => expireAck({ db: deps.db, act: run }, job, now),
    snoozeRanOut: (job: SnoozeEndJob, now = new Date()) => endSnooze(run, job, now),
    /** Moves every alert of `from` into `into` and closes `from` as merged. */
    merge: (request: MergeRequest) => regroup('merge', request, () => mergeIncidents(deps, request)),
    /** Moves one alert out into a new incident of its own. */
    split: (request: SplitRequest) => regroup('split', request, () => splitIncident(deps, request)),
    /** One page of an incident's alerts, with how many it holds and how many fire. */
    incidentAlerts: (incidentId: number, page?: { limit?: number; cursor?: number }) => listIncidentAlerts(deps.db, incidentId, page),
    /** The first alerts of an incident as its card lists them (firing first), none for an incident of one or a merged-away one. */
    cardAlerts: (incident: AlertRow) =>
      incident.alertCount > 1 && incident.mergedInto === null ? incidentAlertsForCard(deps.db, incident.id, CARD_ALERTS) : Promise.resolve([]),
    /** The incident that holds an alert (by the alert's own id). */
    incidentOfAlert: (alertId: number) => incidentOfAlert(deps.db, alertId),
    /** The chats an alert with these labels would be posted in. */
    chatsFor: (alert: RoutableAlert) => deps.route(alert),
    list: (filter: AlertFilter) => listAlerts(deps.db, filter),
    get: (id: number) => getAlert(deps.db, id),
    timeline: (id: number) => getTimeline(deps.db, id),
    /** The figures of alerts opened in [from, to). */
    stats: (from: Date, to: Date) => alertStats(deps.db, from, to),
    /** The card a click is on by its handle, else the alert's cards still being posted: one read. */
    cardsOfClick: (platform: string, ref: string, alertId: number | undefined) => cardsOfClick(deps.db, platform, ref, alertId),
  };
}
