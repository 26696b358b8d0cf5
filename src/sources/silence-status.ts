import { and, desc, isNotNull, ne } from 'drizzle-orm';
import type { SourceConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { alerts } from '../db/schema.js';

export interface SilenceStatus {
  ok: boolean;
  /** Open incidents whose snooze's silences Alertmanager did not take (or end). */
  failing: number;
  /** The reason of the most recent of them, secrets masked. */
  lastError: string | null;
}

/**
 * Per source that writes silences: whether they reach Alertmanager. Read from the incidents, so every
 * instance answers the same whichever one ran the silence job.
 */
export async function silenceStatus(db: Db, sources: readonly SourceConfig[]): Promise<Record<string, SilenceStatus>> {
  const silencing = sources.filter((source) => source.alertmanagerUrl);
  if (silencing.length === 0) return {};
  const failing = await db
    .select({ source: alerts.source, error: alerts.silenceError })
    .from(alerts)
    .where(and(isNotNull(alerts.silenceError), ne(alerts.state, 'resolved')))
    .orderBy(desc(alerts.lastSeenAt), desc(alerts.id));
  return Object.fromEntries(
    silencing.map((source) => {
      const mine = failing.filter((row) => row.source === source.name);
      return [source.name, { ok: mine.length === 0, failing: mine.length, lastError: mine[0]?.error ?? null }];
    }),
  );
}
