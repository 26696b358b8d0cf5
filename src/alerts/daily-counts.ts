import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/rows.js';

export interface DayCount {
  day: string;
  /** Incidents opened that day (those merged into another left out: their alerts count in the one they joined). */
  incidents: number;
  /** Alerts in those incidents. */
  alerts: number;
}

/** Incidents opened on each of the last `days` days (in the configured zone), oldest first, zeros included, with their alerts. */
export async function dailyCounts(db: Db, timeZone: string, days: number, now = new Date()): Promise<DayCount[]> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await queryRows<{ day: string; incidents: number; alerts: number }>(
    db,
    sql`SELECT to_char(a.opened_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, count(DISTINCT a.id)::int AS incidents, count(m.id)::int AS alerts
        FROM alerts a LEFT JOIN incident_alerts m ON m.incident_id = a.id
        WHERE a.opened_at >= ${since.toISOString()}::timestamptz AND a.merged_into IS NULL GROUP BY 1`,
  );
  const counts = new Map(rows.map((row) => [row.day, row]));
  const dayOf = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  return Array.from({ length: days }, (_, i) => {
    const day = dayOf(new Date(now.getTime() - (days - 1 - i) * 86_400_000));
    const row = counts.get(day);
    return { day, incidents: Number(row?.incidents ?? 0), alerts: Number(row?.alerts ?? 0) };
  });
}
