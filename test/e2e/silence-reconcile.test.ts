import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { alerts } from '../../src/db/schema.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { postToAlertmanager, type RunningAlertmanager, startAlertmanager } from '../helpers/alertmanager.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../helpers/lark-gong.js';

// A snooze writes a silence, and Alertmanager then mutes the alert's resolution too: Gong has to
// ask Alertmanager itself, expire the silence when the snooze is lifted, and redraw the cards
// when the snooze runs out.
const APP = { appId: 'cli_b1b2c3d4e5f6a7b8', appSecret: 'lark-secret-silences' };
const SOURCE = { name: 'prometheus', type: 'alertmanager' as const, token: 'am-reconcile-token-0123' };

let am: RunningAlertmanager;
let running: LarkGong;
let gong: TestGong;
let lark: LarkServer;

beforeAll(async () => {
  am = await startAlertmanager(`
route: { receiver: nowhere, group_wait: 0s, group_interval: 1s, repeat_interval: 4h }
receivers: [{ name: nowhere }]
`);
  running = await startGongWithLark({
    app: APP,
    sources: [{ ...SOURCE, alertmanagerUrl: am.url, silenceCheckSeconds: 1 }],
    server: { chats: [{ chatId: 'oc_ops', name: 'ops', members: [{ openId: 'ou_alice', name: 'Alice' }] }] },
    config: () => ({ chats: [{ name: 'ops', type: 'lark', chatId: 'oc_ops' }] }),
  });
  ({ gong, lark } = running);
});

afterAll(async () => {
  await running?.close();
  await am?.stop();
});

interface AmSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

type Card = { header: { title: { content: string } } };
const parse = (content: string) => JSON.parse(content) as Card;
/** The card as the local Lark shows it now, header and body. */
const cardText = (alertId: number) => {
  const card = lark.chatMessages('oc_ops').find((m) => !m.rootId && m.msgType === 'interactive' && parse(m.content).header.title.content.includes(`#${alertId} `));
  return card && lark.message(card.messageId)!.content;
};

/** Fires at Alertmanager (which keeps it) and at Gong (as Alertmanager's webhook would). */
async function fire(labels: Record<string, string>): Promise<number> {
  await postToAlertmanager(am.url, [{ labels }]);
  const { opened } = await gong.hook({ version: '4', status: 'firing', alerts: [{ status: 'firing', labels, annotations: {}, startsAt: new Date().toISOString() }] });
  return opened[0]!;
}

const act = (id: number, action: string, args: Record<string, string> = {}) => gong.api(`/api/v1/alerts/${id}/actions`, { body: { action, actor: 'alice', args } });
const alertOf = (id: number) => gong.api<{ state: string; resolvedBy: string | null; snoozedUntil: string | null; timeline: { type: string; actor: string }[] }>(`/api/v1/alerts/${id}`);
/** The one silence of an incident of one alert, null when it has none. */
const silenceIdOf = async (id: number) => Object.values((await gong.gong.parts.database.db.select({ s: alerts.silenceIds }).from(alerts).where(eq(alerts.id, id)))[0]!.s)[0] ?? null;
const silenceState = async (silenceId: string) => ((await (await fetch(`${am.url}/api/v2/silence/${silenceId}`)).json()) as AmSilence).status.state;
const waitForExpiry = (silenceId: string) => waitFor('the silence to expire', async () => ((await silenceState(silenceId)) === 'expired' ? true : undefined));

async function snooze(id: number, duration: string): Promise<string> {
  await act(id, 'snooze', { duration });
  const silenceId = await waitFor('the silence', async () => (await silenceIdOf(id)) ?? undefined);
  expect(await silenceState(silenceId)).toBe('active');
  await waitFor('the snooze on the card', async () => (cardText(id)?.includes('Snoozed until') ? true : undefined));
  return silenceId;
}

describe('a snoozed Alertmanager alert', () => {
  it('resolves in Gong when it resolves at the source while silenced, and its silence is expired', async () => {
    const labels = { alertname: 'DiskFull', instance: 'db-7:9100', severity: 'critical' };
    const id = await fire(labels);
    const silenceId = await snooze(id, '2h');

    // Prometheus resolves it; Alertmanager mutes the resolved notification, so no webhook comes.
    await postToAlertmanager(am.url, [{ labels, endsAt: new Date().toISOString() }]);
    const resolved = await waitFor('Gong to resolve it', async () => {
      const alert = await alertOf(id);
      return alert.state === 'resolved' ? alert : undefined;
    });
    expect(resolved.resolvedBy).toBe(SOURCE.name);
    expect(resolved.timeline.at(-1)).toMatchObject({ type: 'resolved', actor: SOURCE.name });
    await waitForExpiry(silenceId);
    await waitFor('the resolved card', async () => (cardText(id)?.includes('Resolved by prometheus') ? true : undefined));
    expect(cardText(id)).not.toContain('Snoozed until');
  });

  it('keeps an alert that still fires open, and expires the silence on unsnooze', async () => {
    const id = await fire({ alertname: 'HighLatency', service: 'api', path: 'with "quotes" and \\ slash' });
    const silenceId = await snooze(id, '2h');
    // Several checks have looked (one a second) and found it firing.
    await waitFor('a few checks', async () => ((await firingChecksDone(id)) >= 3 ? true : undefined));
    expect((await alertOf(id)).state).toBe('triggered');

    await act(id, 'unsnooze');
    await waitForExpiry(silenceId);
    await waitFor('the card without the snooze', async () => (cardText(id)?.includes('Snoozed until') ? undefined : true));
  });

  it('keeps the silence through an acknowledgement and expires it when a person resolves the alert', async () => {
    const id = await fire({ alertname: 'QueueBacklog', queue: 'mail' });
    const silenceId = await snooze(id, '2h');
    await act(id, 'ack');
    expect((await alertOf(id)).snoozedUntil).not.toBeNull();
    await act(id, 'resolve');
    await waitForExpiry(silenceId);
    expect((await alertOf(id)).snoozedUntil).toBeNull();
  });

  it('redraws every card when the snooze runs out', async () => {
    const id = await fire({ alertname: 'CertExpiry', host: 'web-1' });
    await snooze(id, '3s');
    await waitFor('the card without the snooze', async () => (cardText(id)?.includes('Snoozed until') ? undefined : true));
    const alert = await alertOf(id);
    expect(alert.snoozedUntil).toBeNull();
    expect(alert.state).toBe('triggered');
    expect(alert.timeline.at(-1)).toMatchObject({ type: 'snooze-ended', actor: 'Gong' });
    expect(await silenceIdOf(id)).toBeNull();
  });
});

/** Completed silence checks of one alert, from pg-boss' own tables. */
async function firingChecksDone(alertId: number): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    gong.gong.parts.database.db,
    sql`SELECT count(*)::int AS n FROM (SELECT data FROM pgboss.job WHERE name = 'silence-check' AND state = 'completed'
          UNION ALL SELECT data FROM pgboss.archive WHERE name = 'silence-check' AND state = 'completed') j
        WHERE (j.data->>'alertId')::int = ${alertId}`,
  );
  return rows[0]!.n;
}
