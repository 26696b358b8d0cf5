import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { actionResults, alertEvents, alerts } from '../db/schema.js';
import { type Action, type LifecycleState, type Refusal, transition } from '../domain/lifecycle.js';
import type { JobQueue } from '../db/job-queue.js';
import type { Actor } from './actor.js';
import type { AlertRow } from './alert-json.js';
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

  const outcome = transition(lifecycleOf(current), request.action, { actor: request.actor.name, now });
  if (!outcome.ok) {
    await remember({ ok: false, refusal: outcome.refusal });
    return refused(outcome.refusal, false);
  }

  const [updated] = await tx
    .update(alerts)
    .set({ ...outcome.next, version: sql`${alerts.version} + 1` })
    .where(eq(alerts.id, current.id))
    .returning();
  const alert = updated!;
  await tx.insert(alertEvents).values({
    alertId: alert.id,
    type: outcome.event.type,
    actor: request.actor.name,
    platform: request.actor.platform,
    at: now,
    details: { ...outcome.event.details, ...(request.actor.id ? { actorId: request.actor.id } : {}) },
  });
  await enqueueUpdates(tx, deps.jobs, [alert.id], request.origin?.chat);
  const actor = { name: request.actor.name, platform: request.actor.platform };
  await deps.followUps?.changed(tx, [{ alert, event: outcome.event.type, actor, details: outcome.event.details }], now);
  await remember({ ok: true, event: outcome.event.type });
  return { ok: true, alert, event: outcome.event.type, duplicate: false };
}

/** A stored refusal as it was first given; answers stored before refusals had codes say "already handled". */
function storedRefusal(stored: StoredResult['refusal']): Refusal {
  if (!stored) return { code: 'alreadyHandled' };
  if ('at' in stored && stored.at) return { ...stored, at: new Date(stored.at) };
  return stored;
}

function lifecycleOf(row: AlertRow): LifecycleState {
  return {
    state: row.state,
    assignee: row.assignee,
    snoozedUntil: row.snoozedUntil,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedBy: row.acknowledgedBy,
    resolvedAt: row.resolvedAt,
    resolvedBy: row.resolvedBy,
  };
}
