import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { act } from '../../src/alerts/act.js';
import { ingestBatch } from '../../src/alerts/ingest.js';
import { queryRows } from '../../src/db/rows.js';
import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';
import { startTestGong, type TestGong, waitFor } from '../helpers/gong.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const SECRET = 'whsec-api-test-0123456789';
const DAY = 86_400_000;

let gong: TestGong;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const now = Date.now();
  gong = await startTestGong({
    sources: [SOURCE],
    config: {
      locale: 'en',
      timezone: 'UTC',
      users: [{ name: 'alice' }, { name: 'bob' }, { name: 'dave' }],
      schedules: [
        { name: 'primary', rotation: { users: ['alice', 'bob'], start: '2026-01-05', period: 'daily', handoff: '09:00' } },
        {
          name: 'covered',
          timezone: 'Asia/Shanghai',
          rotation: { users: ['bob'], start: '2026-01-05' },
          overrides: [{ user: 'dave', from: new Date(now - DAY).toISOString(), to: new Date(now + DAY).toISOString() }],
        },
      ],
      webhooks: [
        { name: 'flaky', url: `${receiver.url}/flaky`, secret: SECRET, events: ['alert.assigned'] },
        { name: 'broken', url: `${receiver.url}/broken`, secret: SECRET, events: ['alert.snoozed'] },
      ],
    },
  });
});

afterAll(async () => {
  await gong?.close();
  await receiver?.stop();
});

function alert(fingerprint: string): NormalizedAlert {
  return { status: 'firing', fingerprint, title: `known-${fingerprint}`, severity: 'warning', labels: { alertname: fingerprint }, annotations: {}, description: null, url: null, startsAt: new Date('2026-01-01T00:00:00Z') };
}

describe('GET /api/v1/stats', () => {
  it('gives the known figures for a known set of alerts', async () => {
    const context = gong.gong.parts;
    const deps = { db: context.database.db, jobs: context.jobs, route: () => [], timeZone: 'UTC' };
    const t0 = new Date('2026-01-01T00:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const opened = await ingestBatch(deps, 'known', [alert('a'), alert('a'), alert('a'), alert('b'), alert('b'), alert('c'), alert('d')], t0);
    const [a, b, c] = opened.opened;
    const system = { name: 'alice', platform: 'api' as const };
    await act(deps, { alertId: a!, action: { type: 'ack' }, actor: system }, at(2));
    await act(deps, { alertId: b!, action: { type: 'ack' }, actor: system }, at(4));
    await act(deps, { alertId: a!, action: { type: 'resolve' }, actor: system }, at(10));
    await act(deps, { alertId: c!, action: { type: 'resolve' }, actor: system }, at(30));
    // Opened outside the window: not counted.
    await ingestBatch(deps, 'known', [alert('late')], new Date('2026-01-02T00:00:00Z'));

    const stats = await gong.api<Record<string, unknown>>('/api/v1/stats?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z');
    expect(stats).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      total: 4,
      resolved: 2,
      unresolved: 2,
      mttaMs: 3 * 60_000,
      mttrMs: 20 * 60_000,
      alerts: 4,
      noisiest: [
        { title: 'known-a', count: 3 },
        { title: 'known-b', count: 2 },
        { title: 'known-c', count: 1 },
        { title: 'known-d', count: 1 },
      ],
    });
    await expect(gong.api('/api/v1/stats?from=yesterday')).rejects.toThrow(/400 .*from: expected an ISO date-time/);
    await expect(gong.api('/api/v1/stats?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')).rejects.toThrow(/400 .*from: must be before to/);
  });
});

describe('on call', () => {
  it('shows now and next per schedule in the API and the oncall command', async () => {
    const { oncall } = await gong.api<{ oncall: { schedule: string; now: { user: string; override: boolean } | null; next: { user: string } | null }[] }>('/api/v1/oncall');
    expect(oncall.map((s) => s.schedule)).toEqual(['primary', 'covered']);
    expect(['alice', 'bob']).toContain(oncall[0]!.now!.user);
    expect(oncall[0]!.next!.user).toBe(oncall[0]!.now!.user === 'alice' ? 'bob' : 'alice');
    expect(oncall[1]).toMatchObject({ now: { user: 'dave', override: true }, next: { user: 'bob' } });

    const { schedules } = await gong.api<{ schedules: { name: string; timezone: string; rotation: { handoff: string } }[] }>('/api/v1/schedules');
    expect(schedules.map((s) => [s.name, s.timezone, s.rotation.handoff])).toEqual([['primary', 'UTC', '09:00'], ['covered', 'Asia/Shanghai', '09:00']]);

    const respond = vi.fn(async () => {});
    const { markdown: reply } = await gong.gong.dispatch({
      kind: 'command',
      platform: 'lark',
      actor: { name: 'Zoe', platform: 'lark', app: 'lark', id: 'ou_zoe' },
      target: { group: 'oc_zoe' },
      text: 'oncall',
      mentions: [],
      dedupeKey: 'e-1',
      respond,
    });
    expect(respond).toHaveBeenCalledOnce();
    expect(reply).toMatch(/^\*\*On call\*\*\n- primary: \*\*(alice|bob)\*\* until \d{4}-\d\d-\d\d 09:00, then (alice|bob)\n- covered: \*\*dave\*\* \(override\) until /);
    // Whoever writes to the bot is remembered for mentions.
    await waitFor('Zoe remembered', async () => {
      const rows = await queryRows<{ name: string }>(gong.gong.parts.database.db, sql`SELECT name FROM people WHERE platform = 'lark' AND platform_id = 'ou_zoe'`);
      return rows[0]?.name === 'Zoe' ? true : undefined;
    });
  });
});

describe('outbound webhooks', () => {
  async function fire(title: string): Promise<number> {
    return (await gong.hook({ title, severity: 'info' })).opened[0]!;
  }
  type Delivery = { id: number; webhook: string; alertId: number; status: string; attempts: number; lastStatus: number | null; lastError: string | null };
  const deliveries = async (query = '') => (await gong.api<{ deliveries: Delivery[] }>(`/api/v1/webhooks/deliveries${query}`)).deliveries;

  it('retries a failing receiver with backoff until it answers, with the same body each time', async () => {
    receiver.failNext(2, 503);
    const id = await fire('retried');
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'assign', actor: 'alice', args: { user: 'bob' } } });
    const done = await waitFor('the delivery', async () => (await deliveries()).find((d) => d.alertId === id && d.status === 'delivered'), 20_000);
    expect(done).toMatchObject({ webhook: 'flaky', attempts: 3, lastStatus: 200, lastError: null });
    const calls = receiver.calls.filter((c) => c.path === '/flaky');
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ event: 'alert.assigned', actor: { name: 'alice', platform: 'api' }, alert: { id, assignee: 'bob' } });
  });

  it('marks a delivery failed when the receiver refuses it, visible in the API without secrets', async () => {
    receiver.failNext(1, 400);
    const id = await fire('refused');
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'snooze', actor: 'alice', args: { duration: '30m' } } });
    const failed = await waitFor('the failure', async () => (await deliveries('?status=failed')).find((d) => d.alertId === id));
    expect(failed).toMatchObject({ webhook: 'broken', status: 'failed', attempts: 1, lastStatus: 400, lastError: 'HTTP 400' });
    const raw = await (await fetch(`${gong.url}/api/v1/webhooks/deliveries`, { headers: { authorization: `Bearer ${gong.adminToken}` } })).text();
    expect(raw).not.toContain(SECRET);
  });
});
