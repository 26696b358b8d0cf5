import { asc, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { queryRows, textArray } from '../db/rows.js';
import { alerts } from '../db/schema.js';
import { transition } from '../domain/lifecycle.js';
import { commitTransitions, lifecycleOf } from './act.js';
import { announceMemberChanges, type MemberChanges } from './incident-members.js';
import type { IngestDeps } from './ingest.js';


/**
 * The source's word that these alerts ended. Each one ends in its incident; an incident whose last
 * firing alert ended resolves, taken as a click's resolve would be: through the state machine,
 * with the source as the actor, written like every other state change. The others count down.
 * Returns the incidents resolved and the fingerprints Gong has never had an alert for.
 */
export async function resolveAtSource(tx: Tx, deps: Pick<IngestDeps, 'jobs' | 'followUps'>, source: string, fingerprints: string[], now: Date): Promise<{ resolved: number[]; unknown: string[] }> {
  const prints = textArray(fingerprints);
  // Incidents first, in id order, as every writer of incidents locks them, then their alerts.
  await tx.execute(sql`SELECT id FROM alerts WHERE id IN (
      SELECT incident_id FROM incident_alerts WHERE source = ${source} AND fingerprint = ANY(${prints}) AND status = 'firing'
    ) ORDER BY id FOR UPDATE`);
  const ended = await queryRows<{ id: number; incident_id: number }>(
    tx,
    sql`UPDATE incident_alerts SET status = 'resolved', resolved_at = ${now.toISOString()}::timestamptz
        WHERE source = ${source} AND fingerprint = ANY(${prints}) AND status = 'firing' RETURNING id, incident_id`,
  );
  const byIncident: MemberChanges = new Map();
  for (const row of ended) byIncident.set(row.incident_id, [...(byIncident.get(row.incident_id) ?? []), row.id]);

  let resolved: number[] = [];
  if (byIncident.size > 0) {
    const values = sql.join([...byIncident].map(([id, members]) => sql`(${id}::int, ${members.length}::int)`), sql`, `);
    await tx.execute(sql`UPDATE alerts AS a SET firing_count = GREATEST(a.firing_count - v.k, 0)
      FROM (VALUES ${values}) AS v(id, k) WHERE a.id = v.id AND a.state <> 'resolved'`);
    const rows = await tx.select().from(alerts).where(inArray(alerts.id, [...byIncident.keys()])).orderBy(asc(alerts.id));
    const open = rows.filter((row) => row.state !== 'resolved');
    const action = { type: 'resolve' } as const;
    const accepted = open
      .filter((row) => row.firingCount === 0)
      .flatMap((row) => {
        const outcome = transition(lifecycleOf(row), action, { actor: source, now });
        return outcome.ok ? [{ row, action, outcome }] : [];
      });
    resolved = (await commitTransitions(tx, deps, accepted, { name: source, platform: 'source' }, now)).map((row) => row.id);
    const countingDown: MemberChanges = new Map(open.filter((row) => row.firingCount > 0).map((row) => [row.id, byIncident.get(row.id)!]));
    await announceMemberChanges(tx, deps, countingDown, 'alerts-resolved', { name: source, platform: 'source' }, now);
  }

  const known = await queryRows<{ fingerprint: string }>(tx, sql`SELECT DISTINCT fingerprint FROM incident_alerts WHERE source = ${source} AND fingerprint = ANY(${prints})`);
  const seen = new Set(known.map((row) => row.fingerprint));
  return { resolved, unknown: fingerprints.filter((fingerprint) => !seen.has(fingerprint)) };
}
