import { eq } from 'drizzle-orm';
import type { SourceConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { alerts } from '../db/schema.js';
import type { SilenceJob } from './queues.js';

export interface SilenceWorkerDeps {
  db: Db;
  sources: readonly SourceConfig[];
  fetch?: typeof fetch;
}

/**
 * Makes Alertmanager agree with the alert's snooze: a snoozed, unresolved alert has a silence on
 * its exact labels until the snooze ends (created, or updated in place when the snooze changes);
 * otherwise its silence, if any, is expired. Running it twice changes nothing.
 */
export async function syncSilence(deps: SilenceWorkerDeps, job: SilenceJob, now = new Date()): Promise<void> {
  const [alert] = await deps.db.select().from(alerts).where(eq(alerts.id, job.alertId));
  const base = deps.sources.find((source) => source.name === alert?.source)?.alertmanagerUrl?.replace(/\/$/, '');
  if (!alert || !base) return;
  const fetcher = deps.fetch ?? fetch;
  const wanted = alert.state !== 'resolved' && alert.snoozedUntil && alert.snoozedUntil > now ? alert.snoozedUntil : null;

  if (wanted) {
    const response = await fetcher(`${base}/api/v2/silences`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...(alert.silenceId && { id: alert.silenceId }),
        matchers: Object.entries(alert.labels).map(([name, value]) => ({ name, value, isRegex: false, isEqual: true })),
        startsAt: now.toISOString(),
        endsAt: wanted.toISOString(),
        createdBy: 'gong',
        comment: `Snoozed in Gong: #${alert.id} ${alert.title}`,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`Alertmanager refused the silence for #${alert.id}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
    const { silenceID } = (await response.json()) as { silenceID: string };
    await deps.db.update(alerts).set({ silenceId: silenceID }).where(eq(alerts.id, alert.id));
    return;
  }
  if (!alert.silenceId) return;
  const response = await fetcher(`${base}/api/v2/silence/${encodeURIComponent(alert.silenceId)}`, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
  await response.body?.cancel();
  // 404: expired or deleted already, which is what we wanted.
  if (!response.ok && response.status !== 404) throw new Error(`Alertmanager did not expire silence ${alert.silenceId}: HTTP ${response.status}`);
  await deps.db.update(alerts).set({ silenceId: null }).where(eq(alerts.id, alert.id));
}
