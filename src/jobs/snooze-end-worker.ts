import { eq, sql } from 'drizzle-orm';
import { enqueueUpdates } from '../alerts/card-jobs.js';
import type { Db } from '../db/client.js';
import { alertEvents, alerts } from '../db/schema.js';
import type { JobQueue } from '../db/job-queue.js';
import type { SnoozeEndJob } from '../db/queues.js';

/**
 * When a snooze runs out nothing else changes the alert, so its cards would keep "snoozed until"
 * for a time long past. This clears the ended snooze (and the silence id: Alertmanager ends that
 * silence at the same moment), records it on the timeline and redraws every card. The escalation
 * needs nothing: its timer was set for the snooze's end when the snooze began.
 */
export async function endSnooze(deps: { db: Db; jobs: Pick<JobQueue, 'enqueue'> }, job: SnoozeEndJob, now = new Date()): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, job.alertId)).for('update');
    // Unsnoozed, resolved or snoozed again since: that change took care of the cards.
    if (!alert?.snoozedUntil || alert.snoozedUntil.toISOString() !== job.until || alert.snoozedUntil > now) return;
    await tx.update(alerts).set({ snoozedUntil: null, silenceId: null, version: sql`${alerts.version} + 1` }).where(eq(alerts.id, alert.id));
    await tx.insert(alertEvents).values({ alertId: alert.id, type: 'snooze-ended', actor: 'Gong', platform: 'system', at: now, details: { until: job.until } });
    await enqueueUpdates(tx, deps.jobs, [alert.id]);
  });
}
