import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { alerts } from '../../src/db/schema.js';
import { postToAlertmanager, type RunningAlertmanager, startAlertmanager } from '../helpers/alertmanager.js';
import { type SharedDatabase, sharedTestDatabase, startTestGong, waitFor } from '../helpers/gong.js';

// A silence whose check job is gone (written by an older Gong, or lost) is checked again from
// start-up: Gong still learns that the source resolved the alert.
const SOURCE = { name: 'prometheus', type: 'alertmanager' as const, token: 'am-restart-token-0123' };

let am: RunningAlertmanager;
let shared: SharedDatabase;

beforeAll(async () => {
  am = await startAlertmanager(`
route: { receiver: nowhere }
receivers: [{ name: nowhere }]
`);
  shared = await sharedTestDatabase();
});

afterAll(async () => {
  await am?.stop();
  await shared?.drop();
});

it('checks the silences it holds again after a restart', async () => {
  const sources = [{ ...SOURCE, alertmanagerUrl: am.url, silenceCheckSeconds: 1 }];
  const labels = { alertname: 'Backup', host: 'nas-1' };
  await postToAlertmanager(am.url, [{ labels }]);

  const first = await startTestGong({ sources: [{ ...SOURCE, alertmanagerUrl: am.url, silenceCheckSeconds: 3600 }], shared });
  const id = (await first.hook({ status: 'firing', alerts: [{ status: 'firing', labels, annotations: {} }] })).opened[0]!;
  await first.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'snooze', actor: 'alice', args: { duration: '2h' } } });
  const db = first.gong.parts.database.db;
  const silenceId = await waitFor('the silence', async () => Object.values((await db.select({ s: alerts.silenceIds }).from(alerts).where(eq(alerts.id, id)))[0]!.s)[0]);
  // As if the check job had never been written (an older Gong, or a lost job).
  await db.execute(sql`DELETE FROM pgboss.job WHERE name = 'silence-check'`);
  await first.close();
  await postToAlertmanager(am.url, [{ labels, endsAt: new Date().toISOString() }]);

  const second = await startTestGong({ sources, shared });
  try {
    const resolved = await waitFor('the resolution', async () => {
      const alert = await second.api<{ state: string; resolvedBy: string }>(`/api/v1/alerts/${id}`);
      return alert.state === 'resolved' ? alert : undefined;
    });
    expect(resolved.resolvedBy).toBe(SOURCE.name);
    await waitFor('the silence to expire', async () => {
      const silence = (await (await fetch(`${am.url}/api/v2/silence/${silenceId}`)).json()) as { status: { state: string } };
      return silence.status.state === 'expired' ? true : undefined;
    });
  } finally {
    await second.close();
  }
});
