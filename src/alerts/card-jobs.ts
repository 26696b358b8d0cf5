import { sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { jobPriority } from '../delivery/priority.js';
import { foldStorm, refreshSummariesOf, type StormRules } from '../delivery/storm.js';
import type { JobQueue } from '../db/job-queue.js';
import { type CardJob, QUEUES } from '../db/queues.js';
import type { RoutableAlert } from '../domain/routes.js';
import type { AlertRow } from '../db/alert-json.js';
import { postedCards } from './act-sql.js';

/** Decides which chats hear about an alert (routes refine this; without routes, every chat). */
export type RouteAlert = (alert: RoutableAlert) => string[];

/**
 * Jobs that post the first card of each newly opened alert into its chats; with storm rules, what
 * a chat cannot take this minute is folded into its storm summary instead.
 */
export async function enqueueDeliveries(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, route: RouteAlert, opened: AlertRow[], storm?: StormRules): Promise<void> {
  const byChat = new Map<string, AlertRow[]>();
  for (const alert of opened) {
    for (const chat of route(alert)) {
      const list = byChat.get(chat) ?? [];
      list.push(alert);
      byChat.set(chat, list);
    }
  }
  const inserts = [];
  // In name order: each chat's folding locks its arrivals window, in one order for every transaction.
  for (const chat of [...byChat.keys()].sort()) {
    const carded = storm ? await foldStorm(tx, jobs, chat, byChat.get(chat)!, storm) : byChat.get(chat)!;
    inserts.push(
      ...carded.map((alert) => ({
        name: QUEUES.cardDeliver,
        data: { alertId: alert.id, chat } satisfies CardJob,
        priority: jobPriority(alert.severity, 'deliver'),
      })),
    );
  }
  await jobs.enqueue(tx, inserts);
}

/**
 * Jobs that refresh every posted card of changed alerts, except the one the change came from
 * (the click's answer redraws it; see `followClickAnswer`), and every storm summary that counts
 * one of them.
 */
export async function enqueueUpdates(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, alertIds: number[], originChat?: string): Promise<void> {
  if (alertIds.length === 0) return;
  // Both sent at once: one round trip.
  const [posted] = await Promise.all([postedCards(tx, alertIds, originChat), refreshSummariesOf(tx, jobs, alertIds)]);
  await jobs.enqueue(
    tx,
    posted.map((card) => ({
      name: QUEUES.cardUpdate,
      data: { alertId: card.alertId, chat: card.chat } satisfies CardJob,
      singletonKey: `${card.alertId}:${card.chat}`,
      priority: jobPriority(card.severity as AlertRow['severity'], 'update'),
    })),
  );
}

/** The card a click came from, and how long its platform waits for the answer that redraws it. */
export interface ClickOrigin {
  chat: string;
  /** When Gong received the click, in ms since the epoch. */
  receivedAt: number;
  /** When the platform sent it, by the platform's clock, where it says. */
  sentAt?: number | undefined;
  /** The platform drops a later answer (DingTalk 2 s, Lark 3 s) and the card keeps its old state. */
  answerWithinMs: number;
}

/**
 * Leaves the other half of the platform's wait for committing, rendering and the trip back: an
 * answer ready later than this is not counted on to reach the card.
 */
const IN_TIME_SHARE = 0.5;
/** By then the platform has applied the answer or dropped it, whatever the network did. */
const REPAIR_AFTER_DEADLINE_MS = 1_000;

/**
 * The clicked card's bookkeeping, inside the click's transaction (accepted or refused: either
 * answer redraws the card with `alert`). Until the platform's deadline the answer may land at any
 * moment, after a newer update too, so the card records the answer's version as one it may end
 * up showing (`answerVersion`); update jobs meanwhile record the lower of theirs and it. When the
 * answer will be ready well inside the platform's wait and no other answer is pending, the card
 * counts as showing this version. Either way one check runs after the deadline: a no-op when the
 * card is current, else it repairs a card an answer left behind (late, or landed after a newer
 * update).
 */
export async function followClickAnswer(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, alert: Pick<AlertRow, 'id' | 'version' | 'severity'>, origin: ClickOrigin, now = Date.now()): Promise<void> {
  // The platform's wait began when it sent the click, which a busy network or process can make
  // well before Gong received it; a platform clock running behind only makes Gong more careful.
  const waitBegan = Math.min(origin.receivedAt, origin.sentAt ?? origin.receivedAt);
  const inTime = now - waitBegan <= origin.answerWithinMs * IN_TIME_SHARE;
  // The deadline by Gong's clock, from when it received the click: the platform's cannot be later.
  const until = new Date(origin.receivedAt + origin.answerWithinMs + REPAIR_AFTER_DEADLINE_MS);
  // SQL text written once (see act-sql.ts): every value on the right is the card's before this update.
  const update = tx.execute(
    sql`UPDATE cards SET
          rendered_version = CASE WHEN ${inTime}::boolean AND answer_version IS NULL THEN GREATEST(rendered_version, ${alert.version}::int) ELSE rendered_version END,
          answer_version = LEAST(answer_version, ${alert.version}::int),
          answer_until = GREATEST(answer_until, ${until.toISOString()}::timestamptz),
          updated_at = ${new Date(now).toISOString()}::timestamptz
        WHERE alert_id = ${alert.id}::int AND chat = ${origin.chat}::text`,
  );
  const check = jobs.enqueue(tx, [
    {
      name: QUEUES.cardUpdate,
      data: { alertId: alert.id, chat: origin.chat, afterAnswer: true } satisfies CardJob,
      // A key of its own: waiting here must not hold back the card's ordinary updates.
      singletonKey: `${alert.id}:${origin.chat}:after-click`,
      startAfter: until,
      priority: jobPriority(alert.severity, 'update'),
    },
  ]);
  await Promise.all([update, check]);
}
