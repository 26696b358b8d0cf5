import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts } from '../../src/db/schema.js';
import { postToAlertmanager, type RunningAlertmanager, startAlertmanager } from '../helpers/alertmanager.js';
import { startTestGong, type TestGong, waitFor } from '../helpers/gong.js';

const TOKEN = 'am-silence-token-0123456789';

interface AmSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
  endsAt: string;
  createdBy: string;
  comment: string;
}

let am: RunningAlertmanager;
let gong: TestGong;

beforeAll(async () => {
  am = await startAlertmanager(`
route: { receiver: nowhere, group_wait: 0s, group_interval: 1s, repeat_interval: 4h }
receivers: [{ name: nowhere }]
`);
  gong = await startTestGong({ sources: [{ name: 'prometheus', type: 'alertmanager', token: TOKEN, alertmanagerUrl: am.url }] });
});

afterAll(async () => {
  await gong?.close();
  await am?.stop();
});

async function fire(labels: Record<string, string>): Promise<number> {
  const response = await fetch(`${gong.url}/hooks/prometheus`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels, annotations: {}, startsAt: new Date().toISOString() }] }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { opened: number[] }).opened[0]!;
}

/** The one silence of an incident of one alert, null when it has none. */
const silenceIdOf = async (id: number) => Object.values((await gong.gong.parts.database.db.select({ s: alerts.silenceIds }).from(alerts).where(eq(alerts.id, id)))[0]!.s)[0] ?? null;
const silence = async (silenceId: string) => (await (await fetch(`${am.url}/api/v2/silence/${silenceId}`)).json()) as AmSilence;
const act = (id: number, action: string, args: Record<string, string> = {}) => gong.api<{ ok: boolean }>(`/api/v1/alerts/${id}/actions`, { body: { action, actor: 'alice', args } });

describe('silence write-back to Alertmanager', () => {
  it('creates a silence on the alert labels for the snooze and expires it on unsnooze', async () => {
    const labels = { alertname: 'DiskFull', instance: 'db-1:9100', severity: 'critical' };
    const id = await fire(labels);
    await act(id, 'snooze', { duration: '2h' });
    const silenceId = await waitFor('the silence id', async () => (await silenceIdOf(id)) ?? undefined);

    const created = await silence(silenceId);
    expect(created.status.state).toBe('active');
    expect(created.createdBy).toBe('gong');
    expect(created.comment).toBe(`Snoozed in Gong: #${id} DiskFull`);
    expect(created.matchers.map((m) => [m.name, m.value, m.isRegex, m.isEqual]).sort()).toEqual(
      Object.entries(labels).map(([name, value]) => [name, value, false, true]).sort(),
    );
    const stored = await gong.api<{ snoozedUntil: string }>(`/api/v1/alerts/${id}`);
    expect(Math.abs(Date.parse(created.endsAt) - Date.parse(stored.snoozedUntil))).toBeLessThan(1_000);

    // Alertmanager really mutes the alert.
    await postToAlertmanager(am.url, [{ labels }]);
    await waitFor('Alertmanager to mark the alert silenced', async () => {
      const listed = (await (await fetch(`${am.url}/api/v2/alerts?silenced=true`)).json()) as { labels: Record<string, string>; status: { silencedBy: string[] } }[];
      return listed.find((a) => a.labels.instance === 'db-1:9100' && a.status.silencedBy.includes(silenceId));
    });

    await act(id, 'unsnooze');
    await waitFor('the silence to expire', async () => ((await silence(silenceId)).status.state === 'expired' ? true : undefined));
    await waitFor('the stored id to be cleared', async () => ((await silenceIdOf(id)) === null ? true : undefined));
  });

  it('expires the silence when the alert is resolved', async () => {
    const id = await fire({ alertname: 'HighLatency', service: 'api' });
    await act(id, 'snooze', { duration: '30m' });
    const silenceId = await waitFor('the silence id', async () => (await silenceIdOf(id)) ?? undefined);
    expect((await silence(silenceId)).status.state).toBe('active');
    await act(id, 'resolve');
    await waitFor('the silence to expire', async () => ((await silence(silenceId)).status.state === 'expired' ? true : undefined));
  });
});
