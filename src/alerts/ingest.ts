import { createHash } from 'node:crypto';
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import type { StormRules } from '../delivery/storm.js';
import { queryRows } from '../db/rows.js';
import { alertEvents, alerts } from '../db/schema.js';
import type { JobQueue } from '../db/job-queue.js';
import type { NormalizedAlert } from '../sources/normalized-alert.js';
import type { AlertRow } from '../db/alert-json.js';
import { commitTransitions, lifecycleOf } from './act.js';
import { enqueueDeliveries, type RouteAlert } from './card-jobs.js';
import { transition } from '../domain/lifecycle.js';
import type { FollowUps } from './follow-ups.js';

export interface IngestResult {
  opened: number[];
  repeated: number[];
  resolved: number[];
  /**
   * Fingerprints the source resolved that Gong has no alert for, in any state: the firing
   * notification never arrived (sent before Gong was set up, or lost), so nothing changed.
   */
  unknownResolved: string[];
}

export interface IngestDeps {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue'>;
  route: RouteAlert;
  /** Folds what a chat cannot take into its storm summary as the alerts are stored. */
  storm?: StormRules;
  followUps?: FollowUps;
}

/**
 * Stores one webhook's alerts in one transaction with a handful of batched statements, whatever
 * the batch size: a repeat bumps the open alert, a new fingerprint opens one, `resolved` closes it.
 */
export async function ingestBatch(
  deps: IngestDeps,
  source: string,
  batch: NormalizedAlert[],
  now = new Date(),
): Promise<IngestResult> {
  // Within one payload the last word on a fingerprint wins; repeats still count.
  const latest = new Map<string, { alert: NormalizedAlert; occurrences: number }>();
  for (const alert of batch) {
    const seen = latest.get(alert.fingerprint);
    latest.set(alert.fingerprint, { alert, occurrences: (seen?.occurrences ?? 0) + 1 });
  }
  const firing = [...latest.values()].filter((entry) => entry.alert.status === 'firing');
  const resolving = [...latest.values()].filter((entry) => entry.alert.status === 'resolved').map((e) => e.alert.fingerprint);

  return deps.db.transaction(async (tx) => {
    const result: IngestResult = { opened: [], repeated: [], resolved: [], unknownResolved: [] };
    await lockFingerprints(tx, source, [...latest.keys()]);
    let pending = firing;
    // A concurrent webhook may open the same fingerprint between our update and insert; the
    // insert then skips it and the next round counts it as a repeat.
    for (let round = 0; pending.length > 0 && round < 3; round++) {
      const bumped = await bumpOpen(tx, source, pending, now);
      result.repeated.push(...bumped.values());
      const fresh = pending.filter((entry) => !bumped.has(entry.alert.fingerprint));
      const inserted = await openNew(tx, source, fresh, now);
      result.opened.push(...inserted.map((row) => row.id));
      await recordTimeline(tx, inserted, 'opened', source, now);
      await enqueueDeliveries(tx, deps.jobs, deps.route, inserted, deps.storm);
      await deps.followUps?.opened(tx, inserted, now);
      const insertedPrints = new Set(inserted.map((row) => row.fingerprint));
      pending = fresh.filter((entry) => !insertedPrints.has(entry.alert.fingerprint));
    }
    if (resolving.length > 0) {
      const closed = await resolveAtSource(tx, deps, source, resolving, now);
      result.resolved = closed.map((row) => row.id);
      result.unknownResolved = await neverSeen(tx, source, resolving);
    }
    return result;
  });
}

/**
 * The source's word that these alerts ended, taken as a click's would be: through the state
 * machine, with the source as the actor, written like every other state change.
 */
async function resolveAtSource(tx: Tx, deps: IngestDeps, source: string, fingerprints: string[], now: Date): Promise<AlertRow[]> {
  const open = await tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.source, source), inArray(alerts.fingerprint, fingerprints), ne(alerts.state, 'resolved')))
    .orderBy(alerts.id)
    .for('update');
  const action = { type: 'resolve' } as const;
  const accepted = open.flatMap((row) => {
    const outcome = transition(lifecycleOf(row), action, { actor: source, now });
    return outcome.ok ? [{ row, action, outcome }] : [];
  });
  return commitTransitions(tx, deps, accepted, { name: source, platform: 'source' }, now);
}

/** Those of `fingerprints` no alert of the source has ever had. */
async function neverSeen(tx: Tx, source: string, fingerprints: string[]): Promise<string[]> {
  const known = await tx
    .selectDistinct({ fingerprint: alerts.fingerprint })
    .from(alerts)
    .where(and(eq(alerts.source, source), inArray(alerts.fingerprint, fingerprints)));
  const seen = new Set(known.map((row) => row.fingerprint));
  return fingerprints.filter((fingerprint) => !seen.has(fingerprint));
}

/** Past this many fingerprints a webhook locks its whole source instead of each fingerprint. */
const MAX_FINGERPRINT_LOCKS = 500;

/**
 * Webhooks that share fingerprints would otherwise take row locks (and wait on each other's new
 * rows) in different orders and deadlock: Postgres aborts one, a 500 and a lost batch. Each one
 * first takes transaction advisory locks in one global order: its source (shared), then each
 * fingerprint's key in ascending order. A huge batch takes its source exclusively instead, so the
 * number of locks held stays within Postgres' lock table.
 */
async function lockFingerprints(tx: Tx, source: string, fingerprints: string[]): Promise<void> {
  const sourceKey = lockKey('source', source);
  if (fingerprints.length > MAX_FINGERPRINT_LOCKS) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${sourceKey}::bigint)`);
    return;
  }
  const keys = [...new Set(fingerprints.map((fingerprint) => lockKey(source, fingerprint)))].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  // unnest yields the array in order, so the locks are taken in that order.
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${sourceKey}::bigint),
    (SELECT count(pg_advisory_xact_lock(k)) FROM unnest(${`{${keys.join(',')}}`}::bigint[]) AS k)`);
}

function lockKey(scope: string, name: string): string {
  return createHash('sha256').update(`gong-ingest\n${scope}\n${name}`).digest().readBigInt64BE(0).toString();
}

async function bumpOpen(
  tx: Tx,
  source: string,
  entries: { alert: NormalizedAlert; occurrences: number }[],
  now: Date,
): Promise<Map<string, number>> {
  if (entries.length === 0) return new Map();
  const values = sql.join(
    entries.map(
      ({ alert, occurrences }) =>
        sql`(${alert.fingerprint}, ${occurrences}::int, ${JSON.stringify(alert.labels)}::jsonb, ${JSON.stringify(alert.annotations)}::jsonb, ${alert.description}, ${alert.url})`,
    ),
    sql`, `,
  );
  const rows = await queryRows<{ id: number; fingerprint: string }>(
    tx,
    sql`UPDATE alerts AS a SET count = a.count + v.n, last_seen_at = ${now.toISOString()}::timestamptz,
          labels = v.labels, annotations = v.annotations, description = v.description, url = v.url
        FROM (VALUES ${values}) AS v(fingerprint, n, labels, annotations, description, url)
        WHERE a.source = ${source} AND a.fingerprint = v.fingerprint AND a.state <> 'resolved'
        RETURNING a.id, a.fingerprint`,
  );
  return new Map(rows.map((row) => [row.fingerprint, row.id]));
}

async function openNew(
  tx: Tx,
  source: string,
  entries: { alert: NormalizedAlert; occurrences: number }[],
  now: Date,
): Promise<AlertRow[]> {
  if (entries.length === 0) return [];
  return tx
    .insert(alerts)
    .values(
      entries.map(({ alert, occurrences }) => ({
        source,
        fingerprint: alert.fingerprint,
        state: 'triggered' as const,
        title: alert.title,
        severity: alert.severity,
        description: alert.description,
        url: alert.url,
        labels: alert.labels,
        annotations: alert.annotations,
        count: occurrences,
        startsAt: alert.startsAt,
        openedAt: now,
        lastSeenAt: now,
      })),
    )
    .onConflictDoNothing({ target: [alerts.source, alerts.fingerprint], where: sql`state <> 'resolved'` })
    .returning();
}

async function recordTimeline(tx: Tx, changed: { id: number }[], type: string, source: string, now: Date): Promise<void> {
  if (changed.length === 0) return;
  await tx.insert(alertEvents).values(
    changed.map((row) => ({ alertId: row.id, type, actor: source, platform: 'source', at: now, details: {} })),
  );
}
