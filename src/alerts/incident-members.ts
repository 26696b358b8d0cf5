import { inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import type { JobQueue } from '../db/job-queue.js';
import { QUEUES, type SilenceJob } from '../db/queues.js';
import { queryRows, textArray } from '../db/rows.js';
import { alertEvents, alerts, incidentAlerts } from '../db/schema.js';
import { summarizeJoin } from '../domain/grouping.js';
import type { Severity } from '../domain/severity.js';
import type { NormalizedAlert } from '../sources/normalized-alert.js';
import { enqueueUpdates } from './card-jobs.js';
import type { FollowUps, MembersChange } from './follow-ups.js';

/** A firing alert of a batch, with how often the batch named it and its group's key. */
export interface Fresh {
  alert: NormalizedAlert;
  occurrences: number;
  groupKey: string;
}

/** Where an alert sits now: its row, its open incident, and whether it opened that incident. */
export interface Placed {
  memberId: number;
  incidentId: number;
  status: 'firing' | 'resolved';
  opening: boolean;
}

export interface Repeat extends Fresh {
  member: Placed;
}

/** Incident id → the ids of its alerts that changed. */
export type MemberChanges = Map<number, number[]>;


/**
 * The alerts among `fingerprints` that are in an open incident of the source, each incident
 * locked (in id order, as every writer of incidents locks them) before any alert row is written.
 */
export async function membersInOpenIncidents(tx: Tx, source: string, fingerprints: string[]): Promise<Map<string, Placed>> {
  if (fingerprints.length === 0) return new Map();
  const rows = await queryRows<{ id: number; incident_id: number; status: Placed['status']; fingerprint: string; opening: boolean }>(
    tx,
    sql`SELECT m.id, m.incident_id, m.status, m.fingerprint, (i.fingerprint = m.fingerprint) AS opening
        FROM incident_alerts m JOIN alerts i ON i.id = m.incident_id
        WHERE m.source = ${source} AND m.fingerprint = ANY(${textArray(fingerprints)}) AND i.state <> 'resolved'
        ORDER BY i.id FOR UPDATE OF i`,
  );
  return new Map(rows.map((row) => [row.fingerprint, { memberId: row.id, incidentId: row.incident_id, status: row.status, opening: row.opening }]));
}

/**
 * Counts the repeats on their alerts and incidents; the alert that opened an incident also brings
 * it its latest annotations, description and link. Returns the alerts that were resolved by the
 * source and fire again, by incident.
 */
export async function bumpMembers(tx: Tx, repeats: Repeat[], now: Date): Promise<MemberChanges> {
  if (repeats.length === 0) return new Map();
  const at = now.toISOString();
  const memberValues = sql.join(
    repeats.map(
      ({ alert, occurrences, member }) =>
        sql`(${member.memberId}::int, ${occurrences}::int, ${JSON.stringify(alert.labels)}::jsonb, ${JSON.stringify(alert.annotations)}::jsonb, ${alert.description}, ${alert.url})`,
    ),
    sql`, `,
  );
  await tx.execute(sql`UPDATE incident_alerts AS m SET count = m.count + v.n, last_seen_at = ${at}::timestamptz,
      labels = v.labels, annotations = v.annotations, description = v.description, url = v.url, status = 'firing', resolved_at = NULL
    FROM (VALUES ${memberValues}) AS v(id, n, labels, annotations, description, url) WHERE m.id = v.id`);

  const refired: MemberChanges = new Map();
  const byIncident = new Map<number, { n: number; refired: number; opening?: NormalizedAlert }>();
  for (const { alert, occurrences, member } of repeats) {
    const entry = byIncident.get(member.incidentId) ?? { n: 0, refired: 0 };
    entry.n += occurrences;
    if (member.status === 'resolved') {
      entry.refired += 1;
      refired.set(member.incidentId, [...(refired.get(member.incidentId) ?? []), member.memberId]);
    }
    if (member.opening) entry.opening = alert;
    byIncident.set(member.incidentId, entry);
  }
  const incidentValues = sql.join(
    [...byIncident].map(
      ([id, entry]) =>
        sql`(${id}::int, ${entry.n}::int, ${entry.refired}::int, ${entry.opening ? JSON.stringify(entry.opening.annotations) : null}::jsonb, ${entry.opening?.description ?? null}, ${entry.opening?.url ?? null}, ${entry.opening ? JSON.stringify(entry.opening.labels) : null}::jsonb)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`UPDATE alerts AS a SET count = a.count + v.n, last_seen_at = ${at}::timestamptz, firing_count = a.firing_count + v.refired,
      annotations = COALESCE(v.annotations, a.annotations),
      description = CASE WHEN v.annotations IS NULL THEN a.description ELSE v.description END,
      url = CASE WHEN v.annotations IS NULL THEN a.url ELSE v.url END,
      labels = COALESCE(v.labels, a.labels),
      common_labels = CASE WHEN v.labels IS NOT NULL AND a.alert_count = 1 THEN v.labels ELSE a.common_labels END
    FROM (VALUES ${incidentValues}) AS v(id, n, refired, annotations, description, url, labels) WHERE a.id = v.id`);
  return refired;
}

/** An open incident as a joining alert needs it: its id and what it shows of its alerts. */
export interface OpenIncident {
  id: number;
  title: string;
  severity: Severity;
  commonLabels: Record<string, string>;
  openingTitle: string;
}

/**
 * The open incident of each group key, locked: the one with the key, else the open incident a
 * merge moved that key's last incident into (so alerts of a merged group keep joining it).
 */
export async function findOpenIncidents(tx: Tx, source: string, keys: string[]): Promise<Map<string, OpenIncident>> {
  if (keys.length === 0) return new Map();
  const rows = await queryRows<{ group_key: string; id: number; title: string; severity: Severity; common_labels: Record<string, string>; opening_title: string | null }>(
    tx,
    sql`SELECT k.group_key, t.id, t.title, t.severity, t.common_labels,
          (SELECT m.title FROM incident_alerts m WHERE m.incident_id = t.id AND m.fingerprint = t.fingerprint LIMIT 1) AS opening_title
        FROM (
          SELECT DISTINCT ON (a.group_key) a.group_key, COALESCE(CASE WHEN a.state <> 'resolved' THEN a.id END, merged.id) AS target
          FROM alerts a LEFT JOIN alerts merged ON merged.id = a.merged_into AND merged.state <> 'resolved'
          WHERE a.source = ${source} AND a.group_key = ANY(${textArray(keys)}) AND (a.state <> 'resolved' OR merged.id IS NOT NULL)
          ORDER BY a.group_key, (a.state <> 'resolved') DESC, a.id DESC
        ) AS k JOIN alerts t ON t.id = k.target
        ORDER BY t.id FOR UPDATE OF t`,
  );
  return new Map(
    rows.map((row) => [row.group_key, { id: row.id, title: row.title, severity: row.severity, commonLabels: row.common_labels, openingTitle: row.opening_title ?? row.title }]),
  );
}

/** Adds the alerts to the open incidents of their groups, whose summaries take them in. Returns the new alerts by incident. */
export async function joinIncidents(tx: Tx, source: string, joining: Fresh[], open: Map<string, OpenIncident>, now: Date): Promise<MemberChanges> {
  if (joining.length === 0) return new Map();
  const byIncident = new Map<number, { incident: OpenIncident; entries: Fresh[] }>();
  for (const entry of joining) {
    const incident = open.get(entry.groupKey)!;
    const group = byIncident.get(incident.id) ?? { incident, entries: [] };
    group.entries.push(entry);
    byIncident.set(incident.id, group);
  }
  const added = await addMembers(tx, source, joining.map((entry) => ({ ...entry, incidentId: open.get(entry.groupKey)!.id })), now);
  const values = sql.join(
    [...byIncident].map(([id, { incident, entries }]) => {
      const summary = summarizeJoin(incident, entries.map((entry) => entry.alert));
      const occurrences = entries.reduce((sum, entry) => sum + entry.occurrences, 0);
      return sql`(${id}::int, ${summary.title}, ${summary.severity}, ${JSON.stringify(summary.commonLabels)}::jsonb, ${entries.length}::int, ${occurrences}::int)`;
    }),
    sql`, `,
  );
  await tx.execute(sql`UPDATE alerts AS a SET title = v.title, severity = v.severity, common_labels = v.common,
      alert_count = a.alert_count + v.k, firing_count = a.firing_count + v.k, count = a.count + v.n, last_seen_at = ${now.toISOString()}::timestamptz
    FROM (VALUES ${values}) AS v(id, title, severity, common, k, n) WHERE a.id = v.id`);
  return added;
}

/** Writes new alerts into their incidents. Returns their ids by incident. */
export async function addMembers(tx: Tx, source: string, entries: (Fresh & { incidentId: number })[], now: Date): Promise<MemberChanges> {
  if (entries.length === 0) return new Map();
  const rows = await tx
    .insert(incidentAlerts)
    .values(
      entries.map(({ alert, occurrences, incidentId }) => ({
        incidentId,
        source,
        fingerprint: alert.fingerprint,
        status: 'firing' as const,
        title: alert.title,
        severity: alert.severity,
        description: alert.description,
        url: alert.url,
        labels: alert.labels,
        annotations: alert.annotations,
        count: occurrences,
        startsAt: alert.startsAt,
        joinedAt: now,
        lastSeenAt: now,
      })),
    )
    .returning({ id: incidentAlerts.id, incidentId: incidentAlerts.incidentId });
  const added: MemberChanges = new Map();
  for (const row of rows) added.set(row.incidentId, [...(added.get(row.incidentId) ?? []), row.id]);
  return added;
}

/**
 * Incidents whose alerts changed without a change of state (alerts joined, ended or fired again):
 * a new version, a timeline event naming the alerts, every card redrawn, and the follow-ups (the
 * outbound webhooks of `incident.alerts-changed`).
 */
export async function announceMemberChanges(
  tx: Tx,
  deps: { jobs: Pick<JobQueue, 'enqueue'>; followUps?: FollowUps },
  changes: MemberChanges,
  type: MembersChange['event'],
  actor: { name: string; platform: string },
  now: Date,
): Promise<void> {
  const ids = [...changes.keys()];
  if (ids.length === 0) return;
  const incidents = await tx.update(alerts).set({ version: sql`${alerts.version} + 1` }).where(inArray(alerts.id, ids)).returning();
  await tx.insert(alertEvents).values(ids.map((id) => ({ alertId: id, type, actor: actor.name, platform: actor.platform, at: now, details: { alerts: changes.get(id)! } })));
  await enqueueUpdates(tx, deps.jobs, ids);
  // A snoozed incident's silences follow its alerts: one joining or firing again is silenced too,
  // one that ended is not any more (the job does nothing for a source without Alertmanager).
  const snoozed = incidents.filter((row) => row.snoozedUntil && row.snoozedUntil > now);
  await deps.jobs.enqueue(tx, snoozed.map((row) => ({ name: QUEUES.silenceSync, data: { alertId: row.id } satisfies SilenceJob, singletonKey: String(row.id) })));
  await deps.followUps?.membersChanged?.(tx, { event: type, incidents, alerts: changes, actor }, now);
}
