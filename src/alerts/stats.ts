import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import { type AlertStats, type StatsTotals, alertStatsOf } from '../domain/stats.js';

/**
 * The figures of incidents opened in [from, to) and the alerts in them: the seeds'
 * total/resolved/unresolved, MTTA and MTTR per incident, and the noisiest alert titles. An
 * incident merged into another is left out: its alerts, and the time to handle them, now count
 * in the incident it joined.
 */
export async function alertStats(db: Db, from: Date, to: Date): Promise<AlertStats> {
  const counted = sql`a.opened_at >= ${from.toISOString()}::timestamptz AND a.opened_at < ${to.toISOString()}::timestamptz AND a.merged_into IS NULL`;
  const [totals] = await queryRows<StatsTotals>(
    db,
    sql`SELECT count(*)::int AS total,
               count(*) FILTER (WHERE a.state = 'resolved')::int AS resolved,
               (avg(extract(epoch FROM a.acknowledged_at - a.opened_at)) * 1000)::float8 AS mtta,
               (avg(extract(epoch FROM a.resolved_at - a.opened_at)) * 1000)::float8 AS mttr
        FROM alerts a WHERE ${counted}`,
  );
  // The window sum runs before the limit: every alert of the period, not only the five titles'.
  const noisiest = await queryRows<{ title: string; count: number; alerts: number }>(
    db,
    sql`SELECT m.title, sum(m.count)::int AS count, (sum(count(*)) OVER ())::int AS alerts
        FROM incident_alerts m JOIN alerts a ON a.id = m.incident_id WHERE ${counted}
        GROUP BY m.title ORDER BY count DESC, m.title LIMIT 5`,
  );
  return alertStatsOf(totals, Number(noisiest[0]?.alerts ?? 0), noisiest.map(({ title, count }) => ({ title, count: Number(count) })));
}
