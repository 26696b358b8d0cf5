import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { enqueueUpdates } from './card-jobs.js';
import type { SourceConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { alerts } from '../db/schema.js';
import { callAlertmanager } from '../sources/alertmanager-api.js';
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

/**
 * Makes Alertmanager agree with the alert's snooze: a snoozed, unresolved alert has a silence on
 * its exact labels until the snooze ends (created, or updated in place when the snooze changes),
 * and is looked up in Alertmanager from then on (see alerts/silence-check.ts); otherwise its
 * silence, if any, is expired. Running it twice changes nothing. A failure is logged, kept on the
 * alert for its cards and `/readyz`, and retried.
 */
export async function syncSilence(deps: SilenceWorkerDeps, job: SilenceJob, now = new Date()): Promise<void> {
  const [alert] = await deps.db.select().from(alerts).where(eq(alerts.id, job.alertId));
  const source = alert && silencingSource(deps.sources, alert.source);
  if (!alert || !source) return;
  const wanted = alert.state !== 'resolved' && alert.snoozedUntil && alert.snoozedUntil > now ? alert.snoozedUntil : null;
  if (!wanted && !alert.silenceId) return recordOutcome(deps, alert.id, null);

  try {
    if (wanted) {
      const { json } = await callAlertmanager(
        source,
        '/api/v2/silences',
        {
          method: 'POST',
          body: {
            ...(alert.silenceId && { id: alert.silenceId }),
            matchers: Object.entries(alert.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
            startsAt: now.toISOString(),
            endsAt: wanted.toISOString(),
            createdBy: 'gong',
            comment: `Snoozed in Gong: #${alert.id} ${alert.title}`,
          },
        },
        deps.fetch,
      );
      const silenceID = (json as { silenceID?: unknown } | null)?.silenceID;
      if (typeof silenceID !== 'string') throw new Error('Alertmanager answered without a silenceID');
      await deps.db.transaction(async (tx) => {
        await tx.update(alerts).set({ silenceId: silenceID }).where(eq(alerts.id, alert.id));
        const interval = source.silenceCheckSeconds ?? DEFAULT_SILENCE_CHECK_SECONDS;
        // While the silence mutes it, Gong hears of the alert's resolution only by asking.
        if (listsItsAlerts(source)) {
          await deps.jobs.enqueue(tx, [
            { name: QUEUES.silenceCheck, data: { alertId: alert.id } satisfies SilenceCheckJob, singletonKey: String(alert.id), startAfter: new Date(now.getTime() + interval * 1000) },
          ]);
        }
      });
    } else {
      // 404: expired or deleted already, which is what we wanted.
      await callAlertmanager(source, `/api/v2/silence/${encodeURIComponent(alert.silenceId!)}`, { method: 'DELETE', okStatuses: [404] }, deps.fetch);
      await deps.db.update(alerts).set({ silenceId: null }).where(eq(alerts.id, alert.id));
    }
  } catch (error) {
    const reason = (error as Error).message;
    deps.logger.warn({ alert: alert.id, source: source.name, reason }, wanted ? 'Alertmanager did not take the silence' : 'Alertmanager did not expire the silence');
    await recordOutcome(deps, alert.id, reason);
    throw new Error(reason);
  }
  await recordOutcome(deps, alert.id, null);
}

/** Keeps the alert's last silence failure (null: none); a change redraws its cards, which show it. */
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
