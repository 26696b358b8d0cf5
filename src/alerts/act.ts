import type { Db, Tx } from '../db/client.js';
import { type Action, type LifecycleState, type Refusal, transition, type Transition } from '../domain/lifecycle.js';
import type { JobQueue } from '../db/job-queue.js';
import type { Actor } from '../domain/actor.js';
import type { AlertRow } from '../db/alert-json.js';
import { type ClickOrigin, enqueueUpdates, followClickAnswer } from './card-jobs.js';
import { refusalText } from './refusal-text.js';
import { claimAnswer, insertEvents, lockForAction, updateAlerts } from './act-sql.js';
import { jobBatch } from './job-batch.js';
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
 * simultaneous acks wins and the other is told who beat it. A platform is waiting for a click's
 * answer, so the transaction costs a few round trips, not one per statement.
 */
export async function act(deps: ActDeps, request: ActRequest, now = new Date()): Promise<ActResult> {
  try {
    return await deps.db.transaction((tx) => actOnce(tx, deps, request, now));
  } catch (error) {
    // A redelivery committed while this one waited for the alert: run again, to answer as it did.
    if (error instanceof DedupeKeyTaken) return deps.db.transaction((tx) => actOnce(tx, deps, request, now));
    throw error;
  }
}

/** The dedupe key was written down by another action while this one ran: this one must not stand. */
class DedupeKeyTaken extends Error {}

/**
 * One try of an action, in a few round trips: the lock (with the key's earlier answer), then every
 * write that needs only what the state machine gave sent at once, then the jobs in one insert.
 */
async function actOnce(tx: Tx, deps: ActDeps, request: ActRequest, now: Date): Promise<ActResult> {
  const jobs = jobBatch(deps.jobs);
  const locked = await lockForAction(tx, request.alertId, request.dedupeKey);
  if (!locked) return { ok: false, code: 'not_found', reason: `there is no alert #${request.alertId}` };
  const current = locked.row;
  const refused = (refusal: Refusal, duplicate: boolean): ActResult => ({
    ok: false, code: 'refused', refusal, reason: refusalText(refusal, deps.timeZone), alert: current, duplicate,
  });
  // Accepted or refused, the click's answer redraws its card with the alert as it is now. With the
  // other writes, so the time it checks is as close to the commit as it can be.
  const answerCard = (alert: Pick<AlertRow, 'id' | 'version' | 'severity'>) =>
    request.origin ? [followClickAnswer(tx, jobs, alert, request.origin)] : [];

  if (locked.stored) {
    const first = (locked.stored.result ?? { ok: false }) as StoredResult;
    const result: ActResult = first.ok
      ? { ok: true, alert: current, event: first.event ?? 'unknown', duplicate: true }
      : refused(storedRefusal(first.refusal), true);
    await Promise.all(answerCard(current));
    await jobs.flush(tx);
    return result;
  }
  const remember = (result: StoredResult): Promise<void>[] =>
    request.dedupeKey
      ? [claimAnswer(tx, request.dedupeKey, current.id, result).then((claimed) => {
          if (!claimed) throw new DedupeKeyTaken(`dedupe key ${request.dedupeKey} taken meanwhile`);
        })]
      : [];

  // A merged-away incident lives on in the one it was merged into: every action points there.
  const outcome: Transition =
    current.mergedInto !== null && request.action.type !== 'comment'
      ? { ok: false, refusal: { code: 'mergedAway', into: current.mergedInto } }
      : transition(lifecycleOf(current), request.action, { actor: request.actor.name, now });
  if (!outcome.ok) {
    await Promise.all([...remember({ ok: false, refusal: outcome.refusal }), ...answerCard(current)]);
    await jobs.flush(tx);
    return refused(outcome.refusal, false);
  }

  // The update steps the version by one under the lock held here: the answer's version is known.
  const alongside = [...remember({ ok: true, event: outcome.event.type }), ...answerCard({ ...current, version: current.version + 1 })];
  const [alert] = await commitTransitions(tx, { ...deps, jobs }, [{ row: current, action: request.action, outcome }], request.actor, now, request.origin?.chat, alongside);
  await jobs.flush(tx);
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
  /** More writes of the caller's, already sent: they share the round trip of the state change. */
  alongside: Promise<unknown>[] = [],
): Promise<AlertRow[]> {
  if (accepted.length === 0) {
    await Promise.all(alongside);
    return [];
  }
  const alike = new Map<string, Accepted[]>();
  for (const item of accepted) {
    const key = JSON.stringify(item.outcome.changes);
    alike.set(key, [...(alike.get(key) ?? []), item]);
  }
  const actorId = actor.id ? { actorId: actor.id } : {};
  const ids = accepted.map((item) => item.row.id);
  // Sent together, in this order, in one round trip: none needs another's answer.
  const [groups] = await Promise.all([
    Promise.all([...alike.values()].map((items) => updateAlerts(tx, items.map((item) => item.row.id), items[0]!.outcome.changes))),
    insertEvents(
      tx,
      accepted.map(({ row, outcome }) => ({ alertId: row.id, type: outcome.event.type, actor: actor.name, platform: actor.platform, at: now, details: { ...outcome.event.details, ...actorId } })),
    ),
    enqueueUpdates(tx, deps.jobs, ids, originChat),
    ...alongside,
  ]);
  const updated = new Map<number, AlertRow>(groups.flat().map((row) => [row.id, row]));
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
