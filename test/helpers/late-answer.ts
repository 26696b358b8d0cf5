import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/rows.js';
import { type TestGong, waitFor } from './gong.js';

/**
 * Runs `during` while a transaction of the test holds the alert's row lock: a click on it waits
 * for the lock (on PGlite, for the whole database), so Gong's answer is as late as the test makes it.
 */
export async function whileAlertLocked(gong: TestGong, alertId: number, during: () => Promise<void>): Promise<void> {
  await gong.gong.parts.database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT id FROM alerts WHERE id = ${alertId} FOR UPDATE`);
    await during();
  });
}

/** Waits until the card-update job a click leaves for after the platform's deadline has run. */
export async function afterClickCheckDone(gong: TestGong, alertId: number, chat: string): Promise<void> {
  await waitFor(`the after-click check of #${alertId} in ${chat}`, async () => {
    const [row] = await queryRows<{ n: number }>(
      gong.gong.parts.database.db,
      sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'card-update' AND singleton_key = ${`${alertId}:${chat}:after-click`} AND state = 'completed'`,
    );
    return Number(row?.n) > 0 ? true : undefined;
  });
}

/** The alert's version and the version its card in `chat` is recorded to show. */
export async function cardVersions(gong: TestGong, alertId: number, chat: string): Promise<{ alert: number; card: number }> {
  const [row] = await queryRows<{ alert: number; card: number }>(
    gong.gong.parts.database.db,
    sql`SELECT a.version AS alert, c.rendered_version AS card FROM alerts a JOIN cards c ON c.alert_id = a.id WHERE a.id = ${alertId} AND c.chat = ${chat}`,
  );
  return { alert: Number(row?.alert), card: Number(row?.card) };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
