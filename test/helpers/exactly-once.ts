import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/rows.js';
import { type TestGong, waitFor } from './gong.js';

/** Opens `count` critical generic alerts one by one through the source's hook; returns their ids in order. */
export async function openAlerts(gong: TestGong, source: { name: string; token: string }, count: number, prefix: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const { opened } = await gong.hook({ title: `${prefix}-${i}`, severity: 'critical', labels: { n: String(i) } }, source);
    ids.push(opened[0]!);
  }
  return ids;
}

/**
 * What the record says about each alert: how many `event`s its timeline holds, its version (one
 * per state change), and how many of its cards in other chats than `clickedChat`
 * were rendered from an older version. (The clicked card is redrawn by the callback's answer,
 * recorded only when it was ready in time, else repaired after the platform's deadline: check
 * it on the platform.)
 */
export async function actionRecord(gong: TestGong, ids: number[], event: string, clickedChat: string): Promise<Array<{ id: number; events: number; version: number; staleCards: number }>> {
  const rows = await queryRows<{ id: number; events: number; version: number; stale: number }>(
    gong.gong.parts.database.db,
    sql`SELECT a.id,
          (SELECT count(*)::int FROM alert_events e WHERE e.alert_id = a.id AND e.type = ${event}) AS events,
          a.version,
          (SELECT count(*)::int FROM cards c WHERE c.alert_id = a.id AND c.chat <> ${clickedChat} AND c.rendered_version < a.version) AS stale
        FROM alerts a WHERE a.id = ANY(${`{${ids.join(',')}}`}::int[]) ORDER BY a.id`,
  );
  return rows.map((r) => ({ id: Number(r.id), events: Number(r.events), version: Number(r.version), staleCards: Number(r.stale) }));
}

/** Waits until every other chat's card is current, then returns the record for `toEqual(handledOnce(ids))`. */
export async function settledRecord(gong: TestGong, ids: number[], event: string, clickedChat: string): ReturnType<typeof actionRecord> {
  let last = await actionRecord(gong, ids, event, clickedChat);
  await waitFor('every card of the other chats to be current', async () => {
    last = await actionRecord(gong, ids, event, clickedChat);
    return last.every((r) => r.staleCards === 0) ? true : undefined;
  }).catch(() => undefined);
  // On a time-out the comparison shows which alerts were stale or handled twice.
  return last;
}

/**
 * The record expected when one click on each alert was handled exactly once and every card shows
 * it. Use an action that is not idempotent (snooze): a second run would add an event and a version.
 */
export function handledOnce(ids: number[]): Array<{ id: number; events: number; version: number; staleCards: number }> {
  // Opened at version 1; the one change makes it 2.
  return [...ids].sort((a, b) => a - b).map((id) => ({ id, events: 1, version: 2, staleCards: 0 }));
}
