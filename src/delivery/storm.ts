import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { AlertRow } from '../db/alert-json.js';
import type { Db, Tx } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import { foldedAlerts, stormSummaries } from '../db/schema.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES, type SummaryJob } from '../db/queues.js';
import type { ChatDelivery } from './chat-delivery.js';
import { jobPriority } from './priority.js';
import { lockWindows, saveWindows } from './rate-budget.js';
import { admitUpTo } from './sliding-window.js';
import { groupKeyOf, type SummaryCounts } from './summary-text.js';

/** A storm ends when nothing has been folded into its summary for this long; the next one gets a new summary. */
const QUIET_MS = 10 * 60_000;

/**
 * What storm folding needs to know about chats. Not the routes: a route's `groupBy` already made
 * the incidents, so a storm summary groups incidents by the chat's own `storm.groupBy` only.
 */
export interface StormRules {
  /** The chat's storm rule; none for a chat with no channel (its incidents just queue for cards). */
  of(chat: string): ChatDelivery['storm'] | undefined;
}

/**
 * Storm folding for incidents just opened for one chat, inside the transaction that opened them.
 * A chat is in a storm while more incidents open in a minute than its threshold: as many as still
 * fit the minute get their own card (critical first; returned), the others are counted in the
 * chat's summary for their `storm.groupBy` key (of the labels all the incident's alerts share) —
 * a handful of statements for the whole batch, so every incident is represented the moment it is
 * stored. Alerts joining an open incident never count here: its card shows them. Arrivals over
 * the threshold are not recorded, so cards resume as soon as the rate drops back under it. The arrivals
 * window's row lock, held to the end of the transaction, also keeps two transactions from
 * opening two summaries for one storm.
 */
export async function foldStorm(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, chat: string, opened: AlertRow[], rules: StormRules): Promise<AlertRow[]> {
  const rule = rules.of(chat);
  if (!rule || opened.length === 0) return opened;
  const window = { key: `arrivals:${chat}`, limit: rule.threshold, windowMs: 60_000 };
  const { stamps, now } = await lockWindows(tx, [window.key]);
  const admitted = admitUpTo(window, stamps[0]!, now, opened.length);
  if (admitted.taken > 0) await saveWindows(tx, [window.key], [admitted.stamps]);
  if (admitted.taken === opened.length) return opened;
  const ranked = [...opened].sort((a, b) => jobPriority(b.severity, 'deliver') - jobPriority(a.severity, 'deliver') || a.id - b.id);
  const folded = ranked.slice(admitted.taken).map((incident) => ({ alertId: incident.id, groupKey: groupKeyOf(incident.commonLabels, rule.groupBy) }));
  await fold(tx, jobs, chat, folded);
  return ranked.slice(0, admitted.taken);
}

/** Counts alerts in the chat's current summaries of their group-by keys (opening those the last storm left). */
async function fold(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, chat: string, folded: { alertId: number; groupKey: string }[]): Promise<void> {
  const keys = [...new Set(folded.map((f) => f.groupKey))];
  const current = await tx
    .select({ id: stormSummaries.id, groupKey: stormSummaries.groupKey })
    .from(stormSummaries)
    .where(and(eq(stormSummaries.chat, chat), inArray(stormSummaries.groupKey, keys), gt(stormSummaries.lastFoldAt, new Date(Date.now() - QUIET_MS))))
    .orderBy(desc(stormSummaries.id));
  const summaryOf = new Map<string, number>();
  for (const row of current) if (!summaryOf.has(row.groupKey)) summaryOf.set(row.groupKey, row.id);
  const missing = keys.filter((key) => !summaryOf.has(key));
  if (missing.length > 0) {
    const opened = await tx.insert(stormSummaries).values(missing.map((groupKey) => ({ chat, groupKey }))).returning({ id: stormSummaries.id, groupKey: stormSummaries.groupKey });
    for (const row of opened) summaryOf.set(row.groupKey, row.id);
  }
  const counted = await tx
    .insert(foldedAlerts)
    .values(folded.map((f) => ({ alertId: f.alertId, chat, summaryId: summaryOf.get(f.groupKey)! })))
    .onConflictDoNothing()
    .returning({ summaryId: foldedAlerts.summaryId });
  const touched = [...new Set(counted.map((row) => row.summaryId))];
  if (touched.length === 0) return;
  await tx
    .update(stormSummaries)
    .set({ version: sql`${stormSummaries.version} + 1`, lastFoldAt: new Date() })
    .where(inArray(stormSummaries.id, touched));
  await jobs.enqueue(tx, touched.map((id) => summaryJob(id, chat)));
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

/** The summary's counts, straight from the incidents it folded (never from a counter that could drift). */
export async function summaryCounts(db: Db, summaryId: number): Promise<SummaryCounts> {
  const rows = await queryRows<{ title: string; state: AlertRow['state']; n: number; alerts: number }>(
    db,
    sql`SELECT a.title, a.state, count(*)::int AS n, sum(a.alert_count)::int AS alerts FROM folded_alerts f JOIN alerts a ON a.id = f.alert_id
        WHERE f.summary_id = ${summaryId} GROUP BY a.title, a.state`,
  );
  const byState = { triggered: 0, acknowledged: 0, resolved: 0 };
  const firing = new Map<string, number>();
  let alerts = 0;
  for (const row of rows) {
    const n = Number(row.n);
    byState[row.state] += n;
    alerts += Number(row.alerts);
    if (row.state !== 'resolved') firing.set(row.title, (firing.get(row.title) ?? 0) + n);
  }
  return {
    total: byState.triggered + byState.acknowledged + byState.resolved,
    alerts,
    firingByTitle: [...firing].map(([title, count]) => ({ title, count })).sort((a, b) => b.count - a.count || a.title.localeCompare(b.title)),
    byState,
  };
}
