import { and, asc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { enqueueUpdates } from './card-jobs.js';
import type { SourceConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { alerts, incidentAlerts } from '../db/schema.js';
import { expireSilence, writeSilence } from '../sources/alertmanager-api.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES, type SilenceCheckJob, type SilenceJob } from '../db/queues.js';
import { DEFAULT_SILENCE_CHECK_SECONDS, listsItsAlerts, silencingSource } from '../sources/silencing-source.js';

export interface SilenceWorkerDeps {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue'>;
  sources: readonly SourceConfig[];
  logger: Logger;
  fetch?: typeof fetch;
}

/** Calls to Alertmanager at once for one incident: a group of hundreds is silenced in seconds, not all at once. */
const PARALLEL_CALLS = 8;

/**
 * Makes Alertmanager agree with the incident's snooze: while a snoozed incident is open, each of
 * its firing alerts has a silence on its exact labels until the snooze ends (created, or updated in
 * place when the snooze changes), and the incident is looked up in Alertmanager from then on (see
 * alerts/silence-check.ts). A silence whose alert left the incident or stopped firing, and every
 * silence once the snooze is lifted or the incident resolved, is expired.
 *
 * One silence per alert, not one on the incident's common labels: a silence matching fewer labels
 * than an alert's own also mutes any other alert carrying them (another route's, another
 * Prometheus', one that would open an incident of its own), which nobody would then see. Gong
 * cannot know Alertmanager's routes, so it never knows that to be exact, except for an incident
 * of one alert, whose common labels are that alert's labels: its one silence is that silence.
 *
 * Running it twice changes nothing. Each silence id is stored as soon as Alertmanager gives it, so
 * a retry after a failure carries on where it stopped. A failure is logged, kept on the incident
 * for its cards and `/readyz`, and retried.
 */
export async function syncSilence(deps: SilenceWorkerDeps, job: SilenceJob, now = new Date()): Promise<void> {
  const [incident] = await deps.db.select().from(alerts).where(eq(alerts.id, job.alertId));
  const source = incident && silencingSource(deps.sources, incident.source);
  if (!incident || !source) return;
  const until = incident.state !== 'resolved' && incident.snoozedUntil && incident.snoozedUntil > now ? incident.snoozedUntil : null;
  const firing = until
    ? await deps.db
        .select({ id: incidentAlerts.id, labels: incidentAlerts.labels })
        .from(incidentAlerts)
        .where(and(eq(incidentAlerts.incidentId, incident.id), eq(incidentAlerts.status, 'firing')))
        .orderBy(asc(incidentAlerts.id))
    : [];
  const held = incident.silenceIds;
  const wanted = new Set(firing.map((member) => String(member.id)));
  const unwanted = Object.entries(held).filter(([member]) => !wanted.has(member));

  const failures: string[] = [];
  const calls: (() => Promise<void>)[] = [
    ...firing.map((member) => async () => {
      const key = String(member.id);
      const comment = `Snoozed in Gong: #${incident.id} ${incident.title}`;
      const id = await writeSilence(source, { labels: member.labels, startsAt: now, endsAt: until!, comment }, held[key], deps.fetch);
      if (id !== held[key]) await storeSilenceId(deps.db, incident.id, key, id);
    }),
    ...unwanted.map(([key, id]) => async () => {
      await expireSilence(source, id, deps.fetch);
      await storeSilenceId(deps.db, incident.id, key, null);
    }),
  ];
  await inParallel(calls, PARALLEL_CALLS, async (call) => {
    try {
      await call();
    } catch (error) {
      failures.push((error as Error).message);
    }
  });

  // While the silences mute them, Gong hears of its alerts' resolution only by asking.
  if (firing.length > 0 && listsItsAlerts(source)) {
    const interval = source.silenceCheckSeconds ?? DEFAULT_SILENCE_CHECK_SECONDS;
    await deps.jobs.enqueue(deps.db, [
      { name: QUEUES.silenceCheck, data: { alertId: incident.id } satisfies SilenceCheckJob, singletonKey: String(incident.id), startAfter: new Date(now.getTime() + interval * 1000) },
    ]);
  }
  const reason = failures[0] ?? null;
  if (reason) {
    deps.logger.warn({ alert: incident.id, source: source.name, reason, failed: failures.length }, until ? 'Alertmanager did not take the silences' : 'Alertmanager did not expire the silences');
  }
  await recordOutcome(deps, incident.id, reason);
  if (reason) throw new Error(reason);
}

/** Records one alert's silence id on its incident (null: it has none any more), leaving the others as they are. */
async function storeSilenceId(db: Db, incidentId: number, member: string, silenceId: string | null): Promise<void> {
  const silenceIds = silenceId === null ? sql`${alerts.silenceIds} - ${member}::text` : sql`${alerts.silenceIds} || jsonb_build_object(${member}::text, ${silenceId}::text)`;
  await db.update(alerts).set({ silenceIds }).where(eq(alerts.id, incidentId));
}

/** Runs `run` on every item, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Keeps the incident's last silence failure (null: none); a change redraws its cards, which show it. */
async function recordOutcome(deps: Pick<SilenceWorkerDeps, 'db' | 'jobs'>, alertId: number, reason: string | null): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const changed = await tx
      .update(alerts)
      .set({ silenceError: reason, version: sql`${alerts.version} + 1` })
      .where(sql`${alerts.id} = ${alertId} AND ${alerts.silenceError} IS DISTINCT FROM ${reason}`)
      .returning({ id: alerts.id });
    if (changed.length > 0) await enqueueUpdates(tx, deps.jobs, [alertId]);
  });
}
