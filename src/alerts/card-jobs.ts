import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { alerts, cards } from '../db/schema.js';
import { jobPriority } from '../delivery/priority.js';
import { foldStorm, refreshSummariesOf, type StormRules } from '../delivery/storm.js';
import type { JobQueue } from '../jobs/job-queue.js';
import { type CardJob, QUEUES } from '../jobs/queues.js';
import type { AlertRow } from './alert-json.js';

/** Decides which chats hear about an alert (routes refine this; without routes, every chat). */
export type RouteAlert = (alert: AlertRow) => string[];

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
 * (the platform callback already answered it with the new card), and every storm summary that
 * counts one of them.
 */
export async function enqueueUpdates(tx: Tx, jobs: Pick<JobQueue, 'enqueue'>, alertIds: number[], originChat?: string): Promise<void> {
  if (alertIds.length === 0) return;
  const posted = await tx
    .select({ alertId: cards.alertId, chat: cards.chat, severity: alerts.severity })
    .from(cards)
    .innerJoin(alerts, eq(alerts.id, cards.alertId))
    .where(and(inArray(cards.alertId, alertIds), originChat ? ne(cards.chat, originChat) : undefined));
  await refreshSummariesOf(tx, jobs, alertIds);
  await jobs.enqueue(
    tx,
    posted.map((card) => ({
      name: QUEUES.cardUpdate,
      data: { alertId: card.alertId, chat: card.chat } satisfies CardJob,
      singletonKey: `${card.alertId}:${card.chat}`,
      priority: jobPriority(card.severity, 'update'),
    })),
  );
}
