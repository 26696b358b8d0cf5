import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentJson } from '../../src/db/alert-json.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';

const SOURCE = { name: 'k8s', type: 'generic' as const, token: 'incidents-api-source-token' };

let gong: TestGong;

beforeAll(async () => {
  gong = await startTestGong({ sources: [SOURCE], config: { locale: 'en', timezone: 'UTC' } });
});
afterAll(async () => {
  await gong?.close();
});

type Answer = { status: number; body: Record<string, unknown> };
async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<Answer> {
  const response = await fetch(`${gong.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { authorization: `Bearer ${init.token ?? gong.adminToken}`, ...(init.body !== undefined && { 'content-type': 'application/json' }) },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let serial = 0;
/** One notification of `pods` alerts sharing a group: one incident. Returns its id. */
async function incidentOf(pods: string[], title = 'PodCrashLooping'): Promise<number> {
  const group = `node-${++serial}`;
  const { opened } = await gong.hook(pods.map((pod) => ({ title, group, labels: { alertname: title, node: group, pod } })));
  expect(opened).toHaveLength(1);
  return opened[0]!;
}

describe('GET /api/v1/incidents', () => {
  it('lists incidents with their counts, filtered and paged newest first', async () => {
    const crash = await incidentOf(['a', 'b', 'c']);
    const disk = await incidentOf(['x'], 'DiskFull');
    const page = await gong.api<{ incidents: IncidentJson[]; nextCursor: number | null }>('/api/v1/incidents?q=DiskFull');
    expect(page.incidents.map((i) => i.id)).toEqual([disk]);
    const first = await gong.api<{ incidents: IncidentJson[]; nextCursor: number }>('/api/v1/incidents?limit=1&source=k8s&state=open');
    expect(first.incidents.map((i) => i.id)).toEqual([disk]);
    const next = await gong.api<{ incidents: IncidentJson[] }>(`/api/v1/incidents?limit=1&cursor=${first.nextCursor}`);
    expect(next.incidents[0]).toMatchObject({ id: crash, alertCount: 3, firingCount: 3, mergedInto: null, commonLabels: { alertname: 'PodCrashLooping' } });
    expect(next.incidents[0]!.groupKey).toBeTruthy();
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    for (const [query, field] of [['state=burning', 'state'], ['limit=0', 'limit'], ['cursor=-1', 'cursor'], ['q=%00', 'q'], [`source=${'s'.repeat(65)}`, 'source']] as const) {
      const answer = await call(`/api/v1/incidents?${query}`);
      expect(answer.status, query).toBe(400);
      expect(String(answer.body.error), query).toMatch(new RegExp(`^${field}`));
    }
  });
});

describe('GET /api/v1/incidents/:id, /alerts and /timeline', () => {
  it('shows the incident with its first alerts, pages its alerts and gives its timeline', async () => {
    const id = await incidentOf(['a', 'b', 'c']);
    const incident = await gong.api<IncidentJson & { alerts: { id: number; status: string; labels: Record<string, string> }[]; alertsNextCursor: number | null }>(`/api/v1/incidents/${id}`);
    expect(incident).toMatchObject({ id, state: 'triggered', alertCount: 3, firingCount: 3, alertsNextCursor: null });
    expect(incident.alerts.map((a) => a.labels.pod)).toEqual(['a', 'b', 'c']);

    const page1 = await gong.api<{ alerts: { id: number }[]; total: number; firing: number; nextCursor: number }>(`/api/v1/incidents/${id}/alerts?limit=2`);
    expect(page1).toMatchObject({ total: 3, firing: 3 });
    expect(page1.alerts).toHaveLength(2);
    const page2 = await gong.api<{ alerts: { id: number }[]; nextCursor: number | null }>(`/api/v1/incidents/${id}/alerts?limit=2&cursor=${page1.nextCursor}`);
    expect(page2.alerts.map((a) => a.id)).toEqual([incident.alerts[2]!.id]);
    expect(page2.nextCursor).toBeNull();

    const timeline = await gong.api<{ timeline: { type: string; actor: string }[] }>(`/api/v1/incidents/${id}/timeline`);
    expect(timeline.timeline[0]).toMatchObject({ type: 'opened', actor: 'k8s' });
  });

  it('answers 400 for what is not an incident number, and 404 naming the incident that holds an alert id', async () => {
    for (const path of ['/api/v1/incidents/abc', '/api/v1/incidents/0/alerts', '/api/v1/incidents/1.5/timeline']) {
      const answer = await call(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error).toMatch(/^id: /);
    }
    expect((await call('/api/v1/incidents/1/alerts?limit=501')).body.error).toMatch(/^limit: /);
    expect((await call('/api/v1/incidents/999999')).status).toBe(404);
    // Incidents hold several alerts each, so this incident's last alert has an id no incident has yet.
    const id = await incidentOf(['p', 'q', 'r', 's', 't', 'u']);
    const { alerts } = await gong.api<{ alerts: { id: number }[] }>(`/api/v1/incidents/${id}`);
    const loneAlert = alerts.at(-1)!.id;
    const answer = await call(`/api/v1/incidents/${loneAlert}`);
    expect(answer.status).toBe(404);
    expect(answer.body.error).toBe(`there is no incident #${loneAlert}; alert ${loneAlert} is in incident #${id}`);
  });
});

describe('POST /api/v1/incidents/:id/actions', () => {
  it('acts on the incident like the alerts route does, answering the incident', async () => {
    const id = await incidentOf(['a', 'b']);
    const acked = await call(`/api/v1/incidents/${id}/actions`, { body: { action: 'ack', actor: 'alice', dedupeKey: 'k1' } });
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ ok: true, event: 'acknowledged', duplicate: false, incident: { id, state: 'acknowledged', alertCount: 2 } });
    const again = await call(`/api/v1/incidents/${id}/actions`, { body: { action: 'ack', actor: 'bob' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ ok: false, error: expect.stringContaining('already acknowledged by alice'), incident: { id } });
    expect((await call(`/api/v1/incidents/${id}/actions`, { body: { action: 'assign' } })).body.error).toContain('args.user');
    expect((await call('/api/v1/incidents/999999/actions', { body: { action: 'ack' } })).status).toBe(404);
  });

  it('merges another incident into this one (from), and this one into another (into)', async () => {
    const target = await incidentOf(['a', 'b']);
    const from = await incidentOf(['c']);
    const merged = await call(`/api/v1/incidents/${target}/actions`, { body: { type: 'merge', from, actor: 'alice' } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ ok: true, event: 'merged', incident: { id: target, alertCount: 3 }, other: { id: from, state: 'resolved', mergedInto: target } });

    const third = await incidentOf(['d']);
    const into = await call(`/api/v1/incidents/${third}/actions`, { body: { type: 'merge', into: target } });
    expect(into.body).toMatchObject({ ok: true, incident: { id: target, alertCount: 4 }, other: { id: third, mergedInto: target } });
    const timeline = await gong.api<{ timeline: { type: string; actor: string; details: Record<string, unknown> }[] }>(`/api/v1/incidents/${from}/timeline`);
    expect(timeline.timeline.at(-1)).toMatchObject({ type: 'merged-into', actor: 'alice', details: { into: target } });

    // Merged away: a second merge is refused with the reason, not done twice.
    const twice = await call(`/api/v1/incidents/${target}/actions`, { body: { type: 'merge', from } });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ ok: false, refusal: 'mergedAway', error: `merged into #${target}; act on #${target}` });
    expect((await call(`/api/v1/incidents/${target}/actions`, { body: { type: 'merge', from: target } })).body.refusal).toBe('sameIncident');
    const reopen = await call(`/api/v1/incidents/${from}/actions`, { body: { action: 'reopen' } });
    expect(reopen.status).toBe(409);
    expect(reopen.body).toMatchObject({ ok: false, error: `merged into #${target}; act on #${target}`, incident: { id: from, state: 'resolved' } });
    expect((await call(`/api/v1/incidents/${target}/actions`, { body: { type: 'merge', from: 999999 } })).status).toBe(404);
  });

  it('splits an alert out by id or fingerprint into a new incident', async () => {
    const id = await incidentOf(['a', 'b', 'c']);
    const { alerts } = await gong.api<{ alerts: { id: number; fingerprint: string }[] }>(`/api/v1/incidents/${id}`);
    const byId = await call(`/api/v1/incidents/${id}/actions`, { body: { type: 'split', alert: alerts[1]!.id, actor: 'bob' } });
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ ok: true, event: 'split', incident: { alertCount: 1, state: 'triggered' }, other: { id, alertCount: 2 } });
    const byFingerprint = await call(`/api/v1/incidents/${id}/actions`, { body: { type: 'split', alert: alerts[2]!.fingerprint } });
    expect(byFingerprint.body).toMatchObject({ ok: true, other: { id, alertCount: 1 } });
    const last = await call(`/api/v1/incidents/${id}/actions`, { body: { type: 'split', alert: alerts[0]!.id } });
    expect(last.status).toBe(409);
    expect(last.body.refusal).toBe('lastAlert');
    expect((await call(`/api/v1/incidents/${id}/actions`, { body: { type: 'split', alert: 'no-such-fingerprint' } })).body.refusal).toBe('notInIncident');
  });

  it('refuses malformed merge and split bodies with a 400 naming the field, changing nothing', async () => {
    const id = await incidentOf(['a', 'b']);
    const cases: [unknown, RegExp][] = [
      [{ type: 'merge' }, /^from: give exactly one of from/],
      [{ type: 'merge', from: 1, into: 2 }, /^from: give exactly one/],
      [{ type: 'merge', from: '43' }, /^from: /],
      [{ type: 'merge', from: true }, /^from: /],
      [{ type: 'merge', into: -4 }, /^into: /],
      [{ type: 'merge', into: 2_147_483_648 }, /^into: /],
      [{ type: 'split' }, /^alert: /],
      [{ type: 'split', alert: '' }, /^alert: /],
      [{ type: 'split', alert: { id: 1 } }, /^alert: /],
      [{ type: 'split', alert: 1, actor: '' }, /^actor: /],
      [{ type: 'explode' }, /^type: /],
      [{ type: 7 }, /^type: /],
      [{ action: 7 }, /^action: /],
    ];
    for (const [body, error] of cases) {
      const answer = await call(`/api/v1/incidents/${id}/actions`, { body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error, JSON.stringify(body)).toMatch(error);
    }
    expect(await gong.api(`/api/v1/incidents/${id}`)).toMatchObject({ alertCount: 2, state: 'triggered', version: 1 });
  });

  it('takes only the admin token', async () => {
    for (const path of ['/api/v1/incidents', '/api/v1/incidents/1', '/api/v1/incidents/1/alerts', '/api/v1/incidents/1/timeline']) {
      expect((await call(path, { token: SOURCE.token })).status, path).toBe(401);
    }
    expect((await call('/api/v1/incidents/1/actions', { body: { type: 'merge', from: 2 }, token: 'wrong' })).status).toBe(401);
  });
});
