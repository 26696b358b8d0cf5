import { and, eq, gt, ne, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { ActRequest, ActResult } from './act.js';
import type { SourceConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { alerts, incidentAlerts } from '../db/schema.js';
import { sharedLabels } from '../domain/grouping.js';
import { listAlerts } from '../sources/alertmanager-api.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES, type SilenceCheckJob } from '../db/queues.js';
import { DEFAULT_SILENCE_CHECK_SECONDS, listsItsAlerts, silencingSource } from '../sources/silencing-source.js';

export interface SilenceCheckDeps {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue'>;
  sources: readonly SourceConfig[];
  act: (request: ActRequest) => Promise<ActResult>;
  logger: Logger;
  fetch?: typeof fetch;
}

/**
 * Checks in a row that must miss every alert of the incident before Gong resolves it: an
 * Alertmanager that just restarted has lost its alerts until Prometheus sends them again (within
 * a minute or so).
 */
const MISSES_TO_RESOLVE = 2;

/**
 * Gong's silences mute the resolution of the incident's alerts as well, so while they last Gong
 * asks Alertmanager itself, with one call for all of them (the alerts carrying the labels they
 * share): an incident none of whose firing alerts Alertmanager still lists as firing has
 * resolved at the source, and is resolved here with the source as the actor (which expires the
 * silences). Otherwise the next check is queued; the checks stop when the snooze ends or is
 * lifted. One pg-boss job per incident, so one instance asks.
 */
export async function checkSilencedAlert(deps: SilenceCheckDeps, job: SilenceCheckJob, now = new Date()): Promise<void> {
  const [incident] = await deps.db.select().from(alerts).where(eq(alerts.id, job.alertId));
  const source = incident && silencingSource(deps.sources, incident.source);
  if (!incident || !source || !listsItsAlerts(source) || incident.state === 'resolved' || Object.keys(incident.silenceIds).length === 0) return;
  if (!(incident.snoozedUntil && incident.snoozedUntil > now)) return;

  const firing = await deps.db
    .select({ labels: incidentAlerts.labels })
    .from(incidentAlerts)
    .where(and(eq(incidentAlerts.incidentId, incident.id), eq(incidentAlerts.status, 'firing')));
  const listed = firing.length > 0 ? await listAlerts(source, firing.map((member) => member.labels).reduce(sharedLabels), deps.fetch) : [];
  const anyFiring = firing.some((member) => listed.some((candidate) => isSameAlertFiring(candidate, member.labels, now)));
  const missing = anyFiring ? 0 : (job.missing ?? 0) + 1;

  if (missing >= MISSES_TO_RESOLVE) {
    deps.logger.info({ alert: incident.id, source: source.name }, 'Alertmanager no longer lists any alert of the silenced incident as firing; resolving it');
    await deps.act({
      alertId: incident.id,
      action: { type: 'resolve' },
      actor: { name: source.name, platform: 'source' },
      dedupeKey: `silence-check:${incident.id}:${incident.version}`,
    });
    return;
  }
  const interval = source.silenceCheckSeconds ?? DEFAULT_SILENCE_CHECK_SECONDS;
  await deps.jobs.enqueue(deps.db, [
    {
      name: QUEUES.silenceCheck,
      data: { alertId: incident.id, ...(missing > 0 && { missing }) } satisfies SilenceCheckJob,
      singletonKey: String(incident.id),
      startAfter: new Date(now.getTime() + interval * 1000),
    },
  ]);
}

/**
 * At start-up, a check for every incident Gong holds silences for: silences written before checks existed, or
 * whose check job was lost, are looked after too. A check already waiting keeps its slot.
 */
export async function scheduleSilenceChecks(deps: Pick<SilenceCheckDeps, 'db' | 'jobs' | 'sources'>, now = new Date()): Promise<void> {
  const silenced = await deps.db
    .select({ id: alerts.id, source: alerts.source })
    .from(alerts)
    .where(and(sql`${alerts.silenceIds} <> '{}'::jsonb`, ne(alerts.state, 'resolved'), gt(alerts.snoozedUntil, now)));
  const checked = silenced.filter((alert) => {
    const source = silencingSource(deps.sources, alert.source);
    return source && listsItsAlerts(source);
  });
  await deps.jobs.enqueue(
    deps.db,
    checked.map((alert) => ({ name: QUEUES.silenceCheck, data: { alertId: alert.id } satisfies SilenceCheckJob, singletonKey: String(alert.id) })),
  );
}

/** Alertmanager lists an alert with exactly these labels that has not ended. */
function isSameAlertFiring(listed: unknown, labels: Record<string, string>, now: Date): boolean {
  const { labels: theirs, endsAt } = (listed ?? {}) as { labels?: Record<string, string>; endsAt?: string };
  if (!theirs || Object.keys(theirs).length !== Object.keys(labels).length) return false;
  if (!Object.entries(labels).every(([name, value]) => theirs[name] === value)) return false;
  const ends = endsAt ? Date.parse(endsAt) : Number.NaN;
  return Number.isNaN(ends) || ends > now.getTime();
}
