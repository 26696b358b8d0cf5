import { and, eq, gt, isNotNull, ne } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { ActRequest, ActResult } from './act.js';
import type { SourceConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { alerts } from '../db/schema.js';
import { callAlertmanager } from '../sources/alertmanager-api.js';
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
 * Checks in a row that must miss the alert before Gong resolves it: an Alertmanager that just
 * restarted has lost its alerts until Prometheus sends them again (within a minute or so).
 */
const MISSES_TO_RESOLVE = 2;

/**
 * Gong's silence mutes the alert's resolution as well, so while it lasts Gong asks Alertmanager
 * itself: an alert it no longer lists as firing resolved at the source, and is resolved here with
 * the source as the actor (which expires the silence). Otherwise the next check is queued; the
 * checks stop when the snooze ends or is lifted. One pg-boss job per alert, so one instance asks.
 */
export async function checkSilencedAlert(deps: SilenceCheckDeps, job: SilenceCheckJob, now = new Date()): Promise<void> {
  const [alert] = await deps.db.select().from(alerts).where(eq(alerts.id, job.alertId));
  const source = alert && silencingSource(deps.sources, alert.source);
  if (!alert || !source || !listsItsAlerts(source) || alert.state === 'resolved' || !alert.silenceId || !(alert.snoozedUntil && alert.snoozedUntil > now)) return;

  const filters = Object.entries(alert.labels)
    .filter(([name]) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name))
    .map(([name, value]) => `filter=${encodeURIComponent(`${name}="${quoteMatcherValue(value)}"`)}`);
  const { json } = await callAlertmanager(source, `/api/v2/alerts?${filters.join('&')}`, {}, deps.fetch);
  const firing = Array.isArray(json) && json.some((listed) => isSameAlertFiring(listed, alert.labels, now));
  const missing = firing ? 0 : (job.missing ?? 0) + 1;

  if (missing >= MISSES_TO_RESOLVE) {
    deps.logger.info({ alert: alert.id, source: source.name }, 'Alertmanager no longer lists the silenced alert as firing; resolving it');
    await deps.act({
      alertId: alert.id,
      action: { type: 'resolve' },
      actor: { name: source.name, platform: 'source' },
      dedupeKey: `silence-check:${alert.id}:${alert.silenceId}`,
    });
    return;
  }
  const interval = source.silenceCheckSeconds ?? DEFAULT_SILENCE_CHECK_SECONDS;
  await deps.jobs.enqueue(deps.db, [
    {
      name: QUEUES.silenceCheck,
      data: { alertId: alert.id, ...(missing > 0 && { missing }) } satisfies SilenceCheckJob,
      singletonKey: String(alert.id),
      startAfter: new Date(now.getTime() + interval * 1000),
    },
  ]);
}

/**
 * At start-up, a check for every silence Gong holds: silences written before checks existed, or
 * whose check job was lost, are looked after too. A check already waiting keeps its slot.
 */
export async function scheduleSilenceChecks(deps: Pick<SilenceCheckDeps, 'db' | 'jobs' | 'sources'>, now = new Date()): Promise<void> {
  const silenced = await deps.db
    .select({ id: alerts.id, source: alerts.source })
    .from(alerts)
    .where(and(isNotNull(alerts.silenceId), ne(alerts.state, 'resolved'), gt(alerts.snoozedUntil, now)));
  const checked = silenced.filter((alert) => {
    const source = silencingSource(deps.sources, alert.source);
    return source && listsItsAlerts(source);
  });
  await deps.jobs.enqueue(
    deps.db,
    checked.map((alert) => ({ name: QUEUES.silenceCheck, data: { alertId: alert.id } satisfies SilenceCheckJob, singletonKey: String(alert.id) })),
  );
}

/** A matcher value in double quotes, as Alertmanager's filter parser reads it back. */
function quoteMatcherValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Alertmanager lists an alert with exactly these labels that has not ended. */
function isSameAlertFiring(listed: unknown, labels: Record<string, string>, now: Date): boolean {
  const { labels: theirs, endsAt } = (listed ?? {}) as { labels?: Record<string, string>; endsAt?: string };
  if (!theirs || Object.keys(theirs).length !== Object.keys(labels).length) return false;
  if (!Object.entries(labels).every(([name, value]) => theirs[name] === value)) return false;
  const ends = endsAt ? Date.parse(endsAt) : Number.NaN;
  return Number.isNaN(ends) || ends > now.getTime();
}
