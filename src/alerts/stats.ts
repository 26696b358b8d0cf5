import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import { type AlertStats, type StatsTotals, alertStatsOf } from '../domain/stats.js';

/** The figures of alerts opened in [from, to): the seeds' total/resolved/unresolved, plus MTTA/MTTR. */
export async function alertStats(db: Db, from: Date, to: Date): Promise<AlertStats> {
  const range = sql`opened_at >= ${from.toISOString()}::timestamptz AND opened_at < ${to.toISOString()}::timestamptz`;
  const [totals] = await queryRows<StatsTotals>(
    db,
    sql`SELECT count(*)::int AS total,
               count(*) FILTER (WHERE state = 'resolved')::int AS resolved,
               (avg(extract(epoch FROM acknowledged_at - opened_at)) * 1000)::float8 AS mtta,
               (avg(extract(epoch FROM resolved_at - opened_at)) * 1000)::float8 AS mttr
        FROM alerts WHERE ${range}`,
  );
  const noisiest = await queryRows<{ title: string; count: number }>(
    db,
    sql`SELECT title, sum(count)::int AS count FROM alerts WHERE ${range}
        GROUP BY title ORDER BY count DESC, title LIMIT 5`,
  );
  return alertStatsOf(totals, noisiest);
}
