import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { queryRows } from '../db/rows.js';

/** Alerts opened on each of the last `days` days (in the configured zone), oldest first, zeros included. */
export async function dailyCounts(db: Db, timeZone: string, days: number, now = new Date()): Promise<{ day: string; count: number }[]> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await queryRows<{ day: string; count: number }>(
    db,
    sql`SELECT to_char(opened_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, count(*)::int AS count
        FROM alerts WHERE opened_at >= ${since.toISOString()}::timestamptz GROUP BY 1`,
  );
  const counts = new Map(rows.map((row) => [row.day, row.count]));
  const dayOf = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  return Array.from({ length: days }, (_, i) => {
    const day = dayOf(new Date(now.getTime() - (days - 1 - i) * 86_400_000));
    return { day, count: counts.get(day) ?? 0 };
  });
}
