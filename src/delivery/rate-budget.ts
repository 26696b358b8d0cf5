import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client.js';
import { pgArrayLiteral, queryRows } from '../db/rows.js';
import { admit, type RateWindow, settleStamp } from './sliding-window.js';

/** A call's place in its windows: settle it once the call is over, whatever its outcome. */
export type Taken = { ok: true; settle(): Promise<void> } | { ok: false; waitMs: number };

/** The fleet-wide rate budget: every Gong process sharing the database takes from it. */
export interface RateBudget {
  /** Takes one call from every window, or none (then `waitMs` says when one may fit). */
  take(windows: readonly RateWindow[]): Promise<Taken>;
  /** The platform refused a call for its rate: nothing more goes through these windows for `ms`, in any process. */
  hold(windows: readonly RateWindow[], ms: number): Promise<void>;
}

/**
 * The platforms count a call when it reaches them, somewhere between our sending it and our
 * receiving the answer; a busy event loop, a slow network or a token refresh can stretch that
 * by any amount. So a call holds its slot "in flight" (stamped this far ahead) until its answer
 * is back, and then counts as made at that moment: no later than the platform counted it.
 * Longer than any platform call may take (their timeouts are 10 s); a process that dies
 * mid-call leaves the slot taken this long.
 */
const IN_FLIGHT_MS = 30_000;

/**
 * Windows live in `rate_windows`, locked row by row (in key order, so two processes taking
 * overlapping windows cannot deadlock) and stamped with the database's clock, so processes on
 * machines whose clocks disagree still agree on the window.
 */
export function createRateBudget(db: Db): RateBudget {
  let takes = 0;
  return {
    async take(windows) {
      if (windows.length === 0) return { ok: true, settle: async () => {} };
      if (++takes % SWEEP_EVERY === 0) await sweepRateWindows(db);
      const sorted = [...windows].sort((a, b) => a.key.localeCompare(b.key));
      const keys = sorted.map((w) => w.key);
      const taken = await db.transaction(async (tx) => {
        const { stamps, now } = await lockWindows(tx, keys);
        const pending = now + IN_FLIGHT_MS;
        const verdict = admit(sorted, stamps, now, pending);
        if (!verdict.ok) return verdict;
        await saveWindows(tx, keys, verdict.stamps);
        return { ok: true as const, pending };
      });
      if (!taken.ok) return taken;
      return {
        ok: true,
        settle: () =>
          db.transaction(async (tx) => {
            const { stamps, now } = await lockWindows(tx, keys);
            await saveWindows(tx, keys, stamps.map((list) => settleStamp(list, taken.pending, now)));
          }),
      };
    },
    async hold(windows, ms) {
      if (windows.length === 0) return;
      const sorted = [...windows].sort((a, b) => a.key.localeCompare(b.key));
      const keys = sorted.map((w) => w.key);
      await db.transaction(async (tx) => {
        const { stamps, now } = await lockWindows(tx, keys);
        // A full window of calls that leave it only once the hold is over.
        await saveWindows(tx, keys, sorted.map((w, i) => [...stamps[i]!, ...Array.from({ length: w.limit }, () => now + ms - w.windowMs)]));
      });
    },
  };
}

/** Locks the windows' rows (creating missing ones; `keys` sorted): their stamps, and the database's clock in ms. */
export async function lockWindows(tx: Tx, keys: readonly string[]): Promise<{ stamps: number[][]; now: number }> {
  await tx.execute(sql`INSERT INTO rate_windows (key, stamps)
    SELECT k, '[]'::jsonb FROM unnest(${pgArrayLiteral(keys)}::text[]) AS k ON CONFLICT (key) DO NOTHING`);
  const rows = await queryRows<{ key: string; stamps: number[]; now: string }>(
    tx,
    sql`SELECT key, stamps, (extract(epoch from clock_timestamp()) * 1000)::bigint AS now
        FROM rate_windows WHERE key = ANY(${pgArrayLiteral(keys)}::text[]) ORDER BY key FOR UPDATE`,
  );
  const byKey = new Map(rows.map((row) => [row.key, row.stamps]));
  return { stamps: keys.map((key) => byKey.get(key) ?? []), now: Number(rows[0]?.now ?? Date.now()) };
}

export async function saveWindows(tx: Tx, keys: readonly string[], stamps: readonly (readonly number[])[]): Promise<void> {
  const values = sql.join(
    keys.map((key, i) => sql`(${key}, ${JSON.stringify(stamps[i])}::jsonb)`),
    sql`, `,
  );
  await tx.execute(sql`UPDATE rate_windows AS r SET stamps = v.stamps, updated_at = now()
    FROM (VALUES ${values}) AS v(key, stamps) WHERE r.key = v.key`);
}

const SWEEP_EVERY = 1000;

/** Windows untouched for an hour hold no call that still counts (per-message windows pile up). */
async function sweepRateWindows(db: Db): Promise<void> {
  await db.execute(sql`DELETE FROM rate_windows WHERE updated_at < now() - interval '1 hour'`);
}
