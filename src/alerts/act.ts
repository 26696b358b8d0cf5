import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { actionResults, alertEvents, alerts } from '../db/schema.js';
import { type Action, type LifecycleState, type Refusal, transition, type Transition } from '../domain/lifecycle.js';
import type { JobQueue } from '../db/job-queue.js';
import type { Actor } from '../domain/actor.js';
import type { AlertRow } from '../db/alert-json.js';
import { type ClickOrigin, enqueueUpdates, followClickAnswer } from './card-jobs.js';
import { refusalText } from './refusal-text.js';
import type { FollowUps } from './follow-ups.js';

export interface ActRequest {
  alertId: number;
  action: Action;
  actor: Actor;
  /** The same key twice returns the first answer and changes nothing (platform redeliveries). */
  dedupeKey?: string;
  /** The card the click came from: the click's answer redraws it, within the platform's wait. */
  origin?: ClickOrigin;
}

export type ActResult =
  | { ok: true; alert: AlertRow; event: string; duplicate: boolean }
  /** `refusal` is for chats to word; `reason` is it in English, for the API, the CLI and logs. */
  | { ok: false; code: 'refused'; refusal: Refusal; reason: string; alert: AlertRow; duplicate: boolean }
  | { ok: false; code: 'not_found'; reason: string };

interface StoredResult extends Record<string, unknown> {
  ok: boolean;
  event?: string;
  /** Stored as JSON, so its dates come back as strings. */
  refusal?: Refusal;
}

export interface ActDeps {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue'>;
  timeZone: string;
  followUps?: FollowUps;
}

/**
 * Applies one action: row lock, state machine, timeline event, follow-up jobs, all in one
 * transaction. Concurrent actions on one alert serialize on the lock, so exactly one of two
 * simultaneous acks wins and the other is told who beat it.
 */
export async function act(deps: ActDeps, request: ActRequest, now = new Date()): Promise<ActResult> {
  return deps.db.transaction(async (tx): Promise<ActResult> => {
    const result = await applyAction(tx, deps, request, now);
    // Accepted or refused, the click's answer redraws its card with the alert as it is now. Last,
    // so the time it checks is as close to the commit as it can be.
    if (request.origin && 'alert' in result) await followClickAnswer(tx, deps.jobs, result.alert, request.origin);
    return result;
  });
}

/** The action's transition and everything it writes, or why it is refused. */
async function applyAction(tx: Tx, deps: ActDeps, request: ActRequest, now: Date): Promise<ActResult> {
  const [current] = await tx.select().from(alerts).where(eq(alerts.id, request.alertId)).for('update');
  if (!current) return { ok: false, code: 'not_found', reason: `there is no alert #${request.alertId}` };
  const refused = (refusal: Refusal, duplicate: boolean): ActResult => ({
    ok: false, code: 'refused', refusal, reason: refusalText(refusal, deps.timeZone), alert: current, duplicate,
  });

  if (request.dedupeKey) {
    const claimed = await tx
      .insert(actionResults)
      .values({ dedupeKey: request.dedupeKey, alertId: current.id })
      .onConflictDoNothing()
      .returning({ key: actionResults.dedupeKey });
    if (claimed.length === 0) {
      const [stored] = await tx.select().from(actionResults).where(eq(actionResults.dedupeKey, request.dedupeKey));
      const first = (stored?.result ?? { ok: false }) as StoredResult;
      return first.ok
        ? { ok: true, alert: current, event: first.event ?? 'unknown', duplicate: true }
        : refused(storedRefusal(first.refusal), true);
    }
  }
  const remember = async (result: StoredResult) => {
    if (request.dedupeKey) {
      await tx.update(actionResults).set({ result }).where(eq(actionResults.dedupeKey, request.dedupeKey));
    }
  };

  // A merged-away incident lives on in the one it was merged into: every action points there.
  const outcome: Transition =
    current.mergedInto !== null && request.action.type !== 'comment'
      ? { ok: false, refusal: { code: 'mergedAway', into: current.mergedInto } }
      : transition(lifecycleOf(current), request.action, { actor: request.actor.name, now });
  if (!outcome.ok) {
    await remember({ ok: false, refusal: outcome.refusal });
    return refused(outcome.refusal, false);
  }

  const [alert] = await commitTransitions(tx, deps, [{ row: current, action: request.action, outcome }], request.actor, now, request.origin?.chat);
  await remember({ ok: true, event: outcome.event.type });
  return { ok: true, alert: alert!, event: outcome.event.type, duplicate: false };
}

/** A stored refusal as it was first given; answers stored before refusals had codes say "already handled". */
function storedRefusal(stored: StoredResult['refusal']): Refusal {
  if (!stored) return { code: 'alreadyHandled' };
  if ('at' in stored && stored.at) return { ...stored, at: new Date(stored.at) };
  return stored;
}

/** An accepted transition of one alert, as the state machine gave it. */
export interface Accepted {
  row: AlertRow;
  action: Action;
  outcome: Extract<Transition, { ok: true }>;
}

/**
 * Writes one actor's accepted transitions as every state change is written, whoever made it (a
 * click, the API, an escalation timer, the source resolving): the alerts' new state and version,
 * their timeline events, the jobs that redraw their cards and the follow-ups. The caller holds the
 * rows' locks; alerts that change alike share one statement, so a batch costs a few, whatever its size.
 */
export async function commitTransitions(
  tx: Tx,
  deps: Pick<ActDeps, 'jobs' | 'followUps'>,
  accepted: Accepted[],
  actor: Actor,
  now: Date,
  originChat?: string,
): Promise<AlertRow[]> {
  if (accepted.length === 0) return [];
  const alike = new Map<string, Accepted[]>();
  for (const item of accepted) {
    const key = JSON.stringify(item.outcome.changes);
    alike.set(key, [...(alike.get(key) ?? []), item]);
  }
  const updated = new Map<number, AlertRow>();
  for (const items of alike.values()) {
    const ids = items.map((item) => item.row.id);
    const rows = await tx.update(alerts).set({ ...items[0]!.outcome.changes, version: sql`${alerts.version} + 1` }).where(inArray(alerts.id, ids)).returning();
    for (const row of rows) updated.set(row.id, row);
  }
  const actorId = actor.id ? { actorId: actor.id } : {};
  await tx.insert(alertEvents).values(
    accepted.map(({ row, outcome }) => ({
      alertId: row.id,
      type: outcome.event.type,
      actor: actor.name,
      platform: actor.platform,
      at: now,
      details: { ...outcome.event.details, ...actorId },
    })),
  );
  const ids = accepted.map((item) => item.row.id);
  await enqueueUpdates(tx, deps.jobs, ids, originChat);
  const who = { name: actor.name, platform: actor.platform };
  const changes = accepted.map(({ row, action, outcome }) => ({ alert: updated.get(row.id)!, action, event: outcome.event.type, actor: who, details: outcome.event.details }));
  await deps.followUps?.changed(tx, changes, now);
  return ids.map((id) => updated.get(id)!);
}

/** The part of an alert the state machine reads. */
export function lifecycleOf(row: AlertRow): LifecycleState {
  return {
    state: row.state,
    assignee: row.assignee,
    snoozedUntil: row.snoozedUntil,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
    escalation: row.escalation,
  };
}
