import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { pgArrayLiteral, queryRows } from '../db/rows.js';
import { admit, type RateWindow } from './sliding-window.js';

/** The fleet-wide rate budget: every Gong process sharing the database takes from it. */
export interface RateBudget {
  /** Takes one call from every window, or none: 0 when taken, else ms until one may fit. */
  take(windows: readonly RateWindow[]): Promise<number>;
}

/**
 * Windows live in `rate_windows`, locked row by row (in key order, so two processes taking
 * overlapping windows cannot deadlock) and stamped with the database's clock, so processes on
 * machines whose clocks disagree still agree on the window.
 */
export function createRateBudget(db: Db): RateBudget {
  let takes = 0;
  return {
    async take(windows) {
      if (windows.length === 0) return 0;
      if (++takes % SWEEP_EVERY === 0) await sweepRateWindows(db);
      const sorted = [...windows].sort((a, b) => a.key.localeCompare(b.key));
      const keys = sorted.map((w) => w.key);
      return db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO rate_windows (key, stamps)
          SELECT k, '[]'::jsonb FROM unnest(${pgArrayLiteral(keys)}::text[]) AS k ON CONFLICT (key) DO NOTHING`);
        const rows = await queryRows<{ key: string; stamps: number[]; now: string }>(
          tx,
          sql`SELECT key, stamps, (extract(epoch from clock_timestamp()) * 1000)::bigint AS now
              FROM rate_windows WHERE key = ANY(${pgArrayLiteral(keys)}::text[]) ORDER BY key FOR UPDATE`,
        );
        const byKey = new Map(rows.map((row) => [row.key, row.stamps]));
        const now = Number(rows[0]?.now ?? Date.now());
        const verdict = admit(sorted, keys.map((key) => byKey.get(key) ?? []), now);
        if (!verdict.ok) return verdict.waitMs;
        const values = sql.join(
          keys.map((key, i) => sql`(${key}, ${JSON.stringify(verdict.stamps[i])}::jsonb)`),
          sql`, `,
        );
        await tx.execute(sql`UPDATE rate_windows AS r SET stamps = v.stamps, updated_at = now()
          FROM (VALUES ${values}) AS v(key, stamps) WHERE r.key = v.key`);
        return 0;
      });
    },
  };
}

const SWEEP_EVERY = 1000;

/** Windows untouched for an hour hold no call that still counts (per-message windows pile up). */
async function sweepRateWindows(db: Db): Promise<void> {
  await db.execute(sql`DELETE FROM rate_windows WHERE updated_at < now() - interval '1 hour'`);
}
