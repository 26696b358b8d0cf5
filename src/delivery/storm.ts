import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AlertRow } from '../alerts/alert-json.js';
import type { Db, Tx } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import { foldedAlerts, stormSummaries } from '../db/schema.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { QUEUES, type SummaryJob } from '../jobs/queues.js';
import type { ChatDelivery } from './chat-delivery.js';
import type { RateBudget } from './rate-budget.js';
import { groupKeyOf, type SummaryCounts } from './summary-text.js';

/** A storm ends when nothing has been folded into its summary for this long; the next one gets a new summary. */
const QUIET_MS = 10 * 60_000;

/**
 * Counts one new alert arriving in the chat; true when the chat is in a storm (more arrivals in
 * the last minute than its threshold). Arrivals over the threshold are not recorded, so cards
 * resume as soon as the rate drops back under it.
 */
export async function isStorm(budget: RateBudget, chat: string, delivery: ChatDelivery): Promise<boolean> {
  return (await budget.take([{ key: `arrivals:${chat}`, limit: delivery.storm.threshold, windowMs: 60_000 }])) > 0;
}

/**
 * Counts the alert in its chat's current summary for its group-by key (opening one if the last
 * storm is over) and asks for the summary to be refreshed, in one transaction.
 */
export async function foldAlert(db: Db, jobs: Pick<JobQueue, 'enqueue'>, alert: AlertRow, chat: string, delivery: ChatDelivery): Promise<void> {
  const groupKey = groupKeyOf(alert.labels, delivery.storm.groupBy);
  await db.transaction(async (tx) => {
    // One summary per storm even when several workers fold at once.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`storm:${chat}:${groupKey}`}))`);
    const [current] = await tx
      .select({ id: stormSummaries.id })
      .from(stormSummaries)
      .where(and(eq(stormSummaries.chat, chat), eq(stormSummaries.groupKey, groupKey), gt(stormSummaries.lastFoldAt, new Date(Date.now() - QUIET_MS))))
      .orderBy(desc(stormSummaries.id))
      .limit(1);
    const summaryId = current?.id ?? (await tx.insert(stormSummaries).values({ chat, groupKey }).returning({ id: stormSummaries.id }))[0]!.id;
    const folded = await tx.insert(foldedAlerts).values({ alertId: alert.id, chat, summaryId }).onConflictDoNothing().returning();
    if (folded.length === 0) return;
    await tx
      .update(stormSummaries)
      .set({ version: sql`${stormSummaries.version} + 1`, lastFoldAt: new Date() })
      .where(eq(stormSummaries.id, summaryId));
    await jobs.enqueue(tx, [summaryJob(summaryId, chat)]);
  });
}

/** After alerts change state: every summary counting one of them shows stale counts. */
export async function refreshSummariesOf(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, alertIds: number[]): Promise<void> {
  if (alertIds.length === 0) return;
  const touched = await tx
    .update(stormSummaries)
    .set({ version: sql`${stormSummaries.version} + 1` })
    .where(inArray(stormSummaries.id, tx.selectDistinct({ id: foldedAlerts.summaryId }).from(foldedAlerts).where(inArray(foldedAlerts.alertId, alertIds))))
    .returning({ id: stormSummaries.id, chat: stormSummaries.chat });
  await jobs.enqueue(tx, touched.map((s) => summaryJob(s.id, s.chat)));
}

/** Stately per summary, so a burst of folds coalesces into one refresh showing the latest counts. */
function summaryJob(summaryId: number, chat: string) {
  return { name: QUEUES.stormSummary, data: { summaryId, chat } satisfies SummaryJob, singletonKey: `summary:${summaryId}`, priority: 100 };
}

/** Whether the alert is already counted in a summary of this chat. */
export async function isFolded(db: Db, alertId: number, chat: string): Promise<boolean> {
  const rows = await db.select({ id: foldedAlerts.alertId }).from(foldedAlerts).where(and(eq(foldedAlerts.alertId, alertId), eq(foldedAlerts.chat, chat)));
  return rows.length > 0;
}

/** The summary's counts, straight from the alerts it folded (never from a counter that could drift). */
export async function summaryCounts(db: Db, summaryId: number): Promise<SummaryCounts> {
  const rows = await queryRows<{ title: string; state: AlertRow['state']; n: number }>(
    db,
    sql`SELECT a.title, a.state, count(*)::int AS n FROM folded_alerts f JOIN alerts a ON a.id = f.alert_id
        WHERE f.summary_id = ${summaryId} GROUP BY a.title, a.state`,
  );
  const byState = { triggered: 0, acknowledged: 0, resolved: 0 };
  const firing = new Map<string, number>();
  for (const row of rows) {
    const n = Number(row.n);
    byState[row.state] += n;
    if (row.state !== 'resolved') firing.set(row.title, (firing.get(row.title) ?? 0) + n);
  }
  return {
    total: byState.triggered + byState.acknowledged + byState.resolved,
    firingByTitle: [...firing].map(([title, count]) => ({ title, count })).sort((a, b) => b.count - a.count || a.title.localeCompare(b.title)),
    byState,
  };
}
