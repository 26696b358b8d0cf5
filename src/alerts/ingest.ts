import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import type { StormRules } from '../delivery/storm.js';
import { alertEvents, alerts } from '../db/schema.js';
import type { JobQueue } from '../db/job-queue.js';
import type { NormalizedAlert } from '../sources/normalized-alert.js';
import type { AlertRow } from '../db/alert-json.js';
import type { RoutableAlert } from '../domain/routes.js';
import { groupKeyOf, summarize } from '../domain/grouping.js';
import { enqueueDeliveries, type RouteAlert } from './card-jobs.js';
import type { FollowUps } from './follow-ups.js';
import { addMembers, announceMemberChanges, bumpMembers, findOpenIncidents, type Fresh, joinIncidents, type MemberChanges, membersInOpenIncidents, type Repeat } from './incident-members.js';
import { resolveAtSource } from './resolve-at-source.js';

export interface IngestResult {
  /** Incidents the batch opened. */
  opened: number[];
  /** Open incidents one of whose alerts fired again. */
  repeated: number[];
  /** Open incidents new alerts joined. */
  joined: number[];
  /** Incidents the batch resolved: their last firing alert ended. */
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
  /** The route's `groupBy` for an alert (empty: the source's group, else the fingerprint). */
  groupBy?: (alert: RoutableAlert) => readonly string[];
  /** Folds what a chat cannot take into its storm summary as the incidents are opened. */
  storm?: StormRules;
  followUps?: FollowUps;
}

/**
 * Stores one webhook's alerts in one transaction with a handful of batched statements, whatever
 * the batch size: an alert already in an open incident is bumped there, a new one joins the open
 * incident of its group (or opens it), `resolved` ends the alert and, with its last, the incident.
 */
export async function ingestBatch(deps: IngestDeps, source: string, batch: NormalizedAlert[], now = new Date()): Promise<IngestResult> {
  // Within one payload the last word on a fingerprint wins; repeats still count.
  const latest = new Map<string, { alert: NormalizedAlert; occurrences: number }>();
  for (const alert of batch) {
    const seen = latest.get(alert.fingerprint);
    latest.set(alert.fingerprint, { alert, occurrences: (seen?.occurrences ?? 0) + 1 });
  }
  const firing: Fresh[] = [...latest.values()]
    .filter((entry) => entry.alert.status === 'firing')
    .map((entry) => ({ ...entry, groupKey: groupKeyOf({ ...entry.alert, group: entry.alert.group ?? null }, deps.groupBy?.({ ...entry.alert, source }) ?? []) }));
  const resolving = [...latest.values()].filter((entry) => entry.alert.status === 'resolved').map((entry) => entry.alert.fingerprint);

  return deps.db.transaction(async (tx) => {
    const result: IngestResult = { opened: [], repeated: [], joined: [], resolved: [], unknownResolved: [] };
    await lockKeys(tx, source, [...latest.keys()], firing.map((entry) => entry.groupKey));

    const placed = await membersInOpenIncidents(tx, source, firing.map((entry) => entry.alert.fingerprint));
    const repeats: Repeat[] = firing.flatMap((entry) => {
      const member = placed.get(entry.alert.fingerprint);
      return member ? [{ ...entry, member }] : [];
    });
    const refired = await bumpMembers(tx, repeats, now);
    result.repeated = [...new Set(repeats.map((entry) => entry.member.incidentId))];
    const fromSource = { name: source, platform: 'source' };
    await announceMemberChanges(tx, deps, refired, 'alerts-refired', fromSource, now);

    let pending = firing.filter((entry) => !placed.has(entry.alert.fingerprint));
    const joinedAlerts: MemberChanges = new Map();
    // A concurrent change (a merge, a person resolving) may take an incident between our look and
    // our insert; the insert then skips that key and the next round finds what is there now.
    for (let round = 0; pending.length > 0 && round < 3; round++) {
      const open = await findOpenIncidents(tx, source, [...new Set(pending.map((entry) => entry.groupKey))]);
      const joining = pending.filter((entry) => open.has(entry.groupKey));
      const joined = await joinIncidents(tx, source, joining, open, now);
      for (const [id, members] of joined) joinedAlerts.set(id, [...(joinedAlerts.get(id) ?? []), ...members]);

      const fresh = pending.filter((entry) => !open.has(entry.groupKey));
      const inserted = await openIncidents(tx, source, fresh, now);
      const openedKeys = new Map(inserted.map((row) => [row.groupKey, row.id]));
      await addMembers(tx, source, fresh.flatMap((entry) => (openedKeys.has(entry.groupKey) ? [{ ...entry, incidentId: openedKeys.get(entry.groupKey)! }] : [])), now);
      result.opened.push(...inserted.map((row) => row.id));
      await recordTimeline(tx, inserted, 'opened', source, now);
      await enqueueDeliveries(tx, deps.jobs, deps.route, inserted, deps.storm);
      await deps.followUps?.opened(tx, inserted, now);
      pending = fresh.filter((entry) => !openedKeys.has(entry.groupKey));
    }
    result.joined = [...joinedAlerts.keys()];
    await announceMemberChanges(tx, deps, joinedAlerts, 'alerts-joined', fromSource, now);

    if (resolving.length > 0) {
      const ended = await resolveAtSource(tx, deps, source, resolving, now);
      result.resolved = ended.resolved;
      result.unknownResolved = ended.unknown;
    }
    return result;
  });
}

/** One incident per new group key, summarizing the group's alerts in this batch; skips a key another transaction opened meanwhile. */
async function openIncidents(tx: Tx, source: string, fresh: Fresh[], now: Date): Promise<AlertRow[]> {
  const byKey = new Map<string, Fresh[]>();
  for (const entry of fresh) byKey.set(entry.groupKey, [...(byKey.get(entry.groupKey) ?? []), entry]);
  if (byKey.size === 0) return [];
  return tx
    .insert(alerts)
    .values(
      [...byKey].map(([groupKey, entries]) => {
        const { alert } = entries[0]!;
        const summary = summarize(entries.map((entry) => entry.alert));
        return {
          source,
          fingerprint: alert.fingerprint,
          groupKey,
          state: 'triggered' as const,
          title: summary.title,
          severity: summary.severity,
          description: alert.description,
          url: alert.url,
          labels: alert.labels,
          commonLabels: summary.commonLabels,
          annotations: alert.annotations,
          count: entries.reduce((sum, entry) => sum + entry.occurrences, 0),
          alertCount: entries.length,
          firingCount: entries.length,
          startsAt: alert.startsAt,
          openedAt: now,
          lastSeenAt: now,
        };
      }),
    )
    .onConflictDoNothing({ target: [alerts.source, alerts.groupKey], where: sql`state <> 'resolved'` })
    .returning();
}

async function recordTimeline(tx: Tx, changed: { id: number }[], type: string, source: string, now: Date): Promise<void> {
  if (changed.length === 0) return;
  await tx.insert(alertEvents).values(changed.map((row) => ({ alertId: row.id, type, actor: source, platform: 'source', at: now, details: {} })));
}

/** Past this many keys a webhook locks its whole source instead of each fingerprint and group. */
const MAX_KEY_LOCKS = 500;

/**
 * Webhooks that share fingerprints or groups would otherwise take row locks (and wait on each
 * other's new rows) in different orders and deadlock: Postgres aborts one, a 500 and a lost batch.
 * Each one first takes transaction advisory locks in one global order: its source (shared), then
 * each fingerprint's and group's key in ascending order. A huge batch takes its source exclusively
 * instead, so the number of locks held stays within Postgres' lock table.
 */
async function lockKeys(tx: Tx, source: string, fingerprints: string[], groups: string[]): Promise<void> {
  const sourceKey = lockKey('source', source);
  const names = new Set([...fingerprints.map((fingerprint) => `fingerprint\n${fingerprint}`), ...groups.map((group) => `group\n${group}`)]);
  if (names.size > MAX_KEY_LOCKS) {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${sourceKey}::bigint)`);
    return;
  }
  const keys = [...new Set([...names].map((name) => lockKey(source, name)))].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  // unnest yields the array in order, so the locks are taken in that order.
  await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${sourceKey}::bigint),
    (SELECT count(pg_advisory_xact_lock(k)) FROM unnest(${`{${keys.join(',')}}`}::bigint[]) AS k)`);
}

function lockKey(scope: string, name: string): string {
  return createHash('sha256').update(`gong-ingest\n${scope}\n${name}`).digest().readBigInt64BE(0).toString();
}
