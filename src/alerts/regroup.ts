import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import type { AlertRow, IncidentAlertRow } from '../db/alert-json.js';
import { alertEvents, alerts, incidentAlerts } from '../db/schema.js';
import type { Actor } from '../domain/actor.js';
import { summarize } from '../domain/grouping.js';
import { type Refusal, transition } from '../domain/lifecycle.js';
import { commitTransitions, lifecycleOf } from './act.js';
import { enqueueDeliveries, enqueueUpdates } from './card-jobs.js';
import type { IngestDeps } from './ingest.js';
import { refusalText } from './refusal-text.js';

export interface MergeRequest {
  /** The incident that stays and takes the alerts. */
  into: number;
  /** The incident merged away: closed, pointing at `into`. */
  from: number;
  actor: Actor;
}

export interface SplitRequest {
  incident: number;
  /** The alert to move out: its id, or its fingerprint. */
  alert: number | string;
  actor: Actor;
}

export type RegroupResult =
  /** Merge: `incident` is the one that stayed, `other` the one merged away. Split: `incident` is the new one, `other` the one it left. */
  | { ok: true; incident: AlertRow; other: AlertRow }
  | { ok: false; code: 'refused'; refusal: Refusal; reason: string }
  | { ok: false; code: 'not_found'; reason: string };

export type RegroupDeps = Pick<IngestDeps, 'db' | 'jobs' | 'route' | 'storm' | 'followUps'> & { timeZone: string };

/**
 * Moves every alert of `from` into `into` and closes `from` as merged (resolved, pointing at
 * `into`). Both incidents are locked in id order, as every writer of incidents locks them.
 */
export async function mergeIncidents(deps: RegroupDeps, request: MergeRequest, now = new Date()): Promise<RegroupResult> {
  if (request.into === request.from) return refused(deps, { code: 'sameIncident' });
  return deps.db.transaction(async (tx): Promise<RegroupResult> => {
    const rows = await tx.select().from(alerts).where(inArray(alerts.id, [request.into, request.from])).orderBy(asc(alerts.id)).for('update');
    const into = rows.find((row) => row.id === request.into);
    const from = rows.find((row) => row.id === request.from);
    const missing = !into ? request.into : !from ? request.from : null;
    if (missing !== null || !into || !from) return { ok: false, code: 'not_found', reason: `there is no incident #${missing}` };
    for (const row of [into, from]) {
      const closed = closedRefusal(row);
      if (closed) return refused(deps, closed);
    }

    const moved = await tx
      .update(incidentAlerts)
      .set({ incidentId: into.id, joinedAt: now })
      .where(eq(incidentAlerts.incidentId, from.id))
      .returning({ id: incidentAlerts.id });
    const merged = await resummarize(tx, into, { count: sql`${alerts.count} + ${from.count}` });
    const actorDetails = request.actor.id ? { actorId: request.actor.id } : {};
    await tx.insert(alertEvents).values({
      alertId: into.id, type: 'merged', actor: request.actor.name, platform: request.actor.platform, at: now,
      details: { from: from.id, alerts: moved.map((row) => row.id), ...actorDetails },
    });
    await enqueueUpdates(tx, deps.jobs, [into.id]);

    // The merged incident closes as a resolve would (timers stop, silences lift, cards redraw), under its own event.
    const action = { type: 'resolve' } as const;
    const outcome = transition(lifecycleOf(from), action, { actor: request.actor.name, now });
    if (!outcome.ok) return refused(deps, outcome.refusal);
    await tx.update(alerts).set({ mergedInto: into.id, alertCount: 0, firingCount: 0 }).where(eq(alerts.id, from.id));
    const [closed] = await commitTransitions(
      tx, deps,
      [{ row: from, action, outcome: { ...outcome, event: { type: 'merged-into', details: { into: into.id } } } }],
      request.actor, now,
    );
    await deps.followUps?.regrouped?.(tx, { event: 'merged', incident: merged, other: closed!, alerts: moved.map((row) => row.id), actor: request.actor }, now);
    return { ok: true, incident: merged, other: closed! };
  });
}

/** Moves one alert out of its incident into a new incident of its own, routed and escalated as a new one. */
export async function splitIncident(deps: RegroupDeps, request: SplitRequest, now = new Date()): Promise<RegroupResult> {
  return deps.db.transaction(async (tx): Promise<RegroupResult> => {
    const [incident] = await tx.select().from(alerts).where(eq(alerts.id, request.incident)).for('update');
    if (!incident) return { ok: false, code: 'not_found', reason: `there is no incident #${request.incident}` };
    const closed = closedRefusal(incident);
    if (closed) return refused(deps, closed);
    const members = await tx.select().from(incidentAlerts).where(eq(incidentAlerts.incidentId, incident.id)).orderBy(asc(incidentAlerts.id));
    const member = members.find((row) => (typeof request.alert === 'number' ? row.id === request.alert : row.id === Number(request.alert) || row.fingerprint === request.alert));
    if (!member) return refused(deps, { code: 'notInIncident', alert: String(request.alert) });
    if (members.length === 1) return refused(deps, { code: 'lastAlert' });

    const [opened] = await tx
      .insert(alerts)
      .values({
        source: member.source,
        fingerprint: member.fingerprint,
        // Its own key: the alert's next notifications find it by its fingerprint, not by its old group.
        groupKey: `split:${member.id}:${now.getTime()}`,
        state: 'triggered',
        title: member.title,
        severity: member.severity,
        description: member.description,
        url: member.url,
        labels: member.labels,
        commonLabels: member.labels,
        annotations: member.annotations,
        count: member.count,
        alertCount: 1,
        firingCount: member.status === 'firing' ? 1 : 0,
        startsAt: member.startsAt,
        openedAt: now,
        lastSeenAt: member.lastSeenAt,
      })
      .returning();
    await tx.update(incidentAlerts).set({ incidentId: opened!.id, joinedAt: now }).where(eq(incidentAlerts.id, member.id));
    const left = await resummarize(tx, incident, { count: sql`GREATEST(${alerts.count} - ${member.count}, 1)` });
    const actorDetails = request.actor.id ? { actorId: request.actor.id } : {};
    const who = { actor: request.actor.name, platform: request.actor.platform, at: now };
    await tx.insert(alertEvents).values([
      { alertId: incident.id, type: 'split', ...who, details: { into: opened!.id, alerts: [member.id], ...actorDetails } },
      { alertId: opened!.id, type: 'split-from', ...who, details: { from: incident.id, alerts: [member.id], ...actorDetails } },
    ]);
    await enqueueUpdates(tx, deps.jobs, [incident.id]);
    await enqueueDeliveries(tx, deps.jobs, deps.route, [opened!], deps.storm);
    await deps.followUps?.opened(tx, [opened!], now);
    const [fresh] = await tx.select().from(alerts).where(eq(alerts.id, opened!.id));
    await deps.followUps?.regrouped?.(tx, { event: 'split', incident: fresh!, other: left, alerts: [member.id], actor: request.actor }, now);
    return { ok: true, incident: fresh!, other: left };
  });
}

/** Why a closed incident takes no merge or split: merged away (act on the other), or resolved. */
function closedRefusal(row: AlertRow): Refusal | null {
  if (row.mergedInto !== null) return { code: 'mergedAway', into: row.mergedInto };
  if (row.state === 'resolved') return { code: 'alreadyResolved', by: row.resolvedBy, at: row.resolvedAt };
  return null;
}

function refused(deps: RegroupDeps, refusal: Refusal): RegroupResult {
  return { ok: false, code: 'refused', refusal, reason: refusalText(refusal, deps.timeZone) };
}

/** The incident's summary, counts and version after alerts moved in or out, from the alerts it holds now (the opening one first). */
async function resummarize(tx: Tx, incident: AlertRow, changes: { count: ReturnType<typeof sql> }): Promise<AlertRow> {
  const members: IncidentAlertRow[] = await tx
    .select()
    .from(incidentAlerts)
    .where(eq(incidentAlerts.incidentId, incident.id))
    .orderBy(sql`(${incidentAlerts.fingerprint} = ${incident.fingerprint}) DESC`, asc(incidentAlerts.id));
  const summary = summarize(members);
  const [row] = await tx
    .update(alerts)
    .set({
      ...summary,
      // The alert that opened it may have left: the first one still in it stands for it.
      fingerprint: members[0]!.fingerprint,
      alertCount: members.length,
      firingCount: members.filter((member) => member.status === 'firing').length,
      count: changes.count,
      version: sql`${alerts.version} + 1`,
    })
    .where(eq(alerts.id, incident.id))
    .returning();
  return row!;
}
