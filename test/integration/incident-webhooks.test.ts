import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { verifySignature } from '../../src/domain/signature.js';
import { startTestGong, type TestGong, waitFor } from '../helpers/gong.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const SECRET = 'whsec-incidents-0123456789';
const INCIDENT_EVENTS = [
  'incident.opened', 'incident.acknowledged', 'incident.assigned', 'incident.escalated', 'incident.snoozed', 'incident.resolved',
  'incident.reopened', 'incident.alerts-changed', 'incident.merged', 'incident.split',
];

let gong: TestGong;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  gong = await startTestGong({
    sources: [SOURCE],
    config: {
      webhooks: [
        { name: 'incidents', url: `${receiver.url}/incidents`, secret: SECRET, events: INCIDENT_EVENTS },
        // Configured before incidents: its alert.* names still subscribe, and it hears them by those names.
        { name: 'legacy', url: `${receiver.url}/legacy`, secret: SECRET, events: ['alert.opened', 'alert.acknowledged', 'alert.resolved'] },
      ],
    },
  });
});

afterAll(async () => {
  await gong?.close();
  await receiver?.stop();
});

interface Body {
  id: string;
  event: string;
  change: string;
  actor: { name: string; platform: string };
  incident: { id: number; state: string; title: string; severity: string; alertCount: number; firingCount: number; commonLabels: Record<string, string>; mergedInto: number | null };
  alerts: { id: number; incidentId: number; fingerprint: string; status: string }[];
  alert: { id: number; state: string };
  details: Record<string, unknown>;
}

const bodies = (path: string) => receiver.calls.filter((call) => call.path === path).map((call) => JSON.parse(call.body) as Body);
/** Waits for the call of `event` about `incident` on `path`. */
const callOf = (path: string, event: string, incident: number, change?: string) =>
  waitFor(`${event} of #${incident} on ${path}`, async () => bodies(path).find((body) => body.event === event && body.incident.id === incident && (!change || body.change === change)));

let serial = 0;
const pod = (group: string, name: string, status: 'firing' | 'resolved' = 'firing') => ({
  title: 'PodCrashLooping',
  severity: name === 'critical' ? 'critical' : 'warning',
  status,
  group,
  fingerprint: `${group}-${name}`,
  labels: { alertname: 'PodCrashLooping', node: group, pod: name },
});

describe('outbound webhooks of incidents', () => {
  it('send the incident and its alerts for every change: opened, alerts joined and ended, acknowledged, merged, split', async () => {
    const group = `node-${++serial}`;
    const [id] = (await gong.hook(['a', 'b', 'c'].map((name) => pod(group, name)))).opened;

    const opened = await callOf('/incidents', 'incident.opened', id!);
    expect(opened).toMatchObject({
      change: 'opened',
      actor: { name: SOURCE.name, platform: 'source' },
      incident: { id, state: 'triggered', title: 'PodCrashLooping', alertCount: 3, firingCount: 3, commonLabels: { alertname: 'PodCrashLooping', node: group }, mergedInto: null },
      alert: { id, state: 'triggered' },
    });
    expect(opened.alerts.map((alert) => alert.fingerprint)).toEqual([`${group}-a`, `${group}-b`, `${group}-c`]);
    // Signed as every call is.
    const raw = receiver.calls.find((call) => call.path === '/incidents' && JSON.parse(call.body).id === opened.id)!;
    expect(verifySignature(SECRET, raw.body, String(raw.headers['x-gong-signature']), new Date())).toBe(true);

    await gong.hook([pod(group, 'critical')]);
    const joined = await callOf('/incidents', 'incident.alerts-changed', id!, 'alerts-joined');
    const newcomer = joined.alerts.find((alert) => alert.fingerprint === `${group}-critical`)!;
    expect(joined).toMatchObject({ incident: { alertCount: 4, firingCount: 4, severity: 'critical' }, details: { alerts: [newcomer.id] } });

    await gong.hook([pod(group, 'a', 'resolved')]);
    const ended = await callOf('/incidents', 'incident.alerts-changed', id!, 'alerts-resolved');
    expect(ended).toMatchObject({ incident: { state: 'triggered', alertCount: 4, firingCount: 3 } });
    expect(ended.alerts.find((alert) => alert.fingerprint === `${group}-a`)).toMatchObject({ status: 'resolved' });

    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'ack', actor: 'alice' } });
    expect(await callOf('/incidents', 'incident.acknowledged', id!)).toMatchObject({ change: 'acknowledged', actor: { name: 'alice', platform: 'api' }, incident: { state: 'acknowledged' } });

    // Merge: the one that stays hears incident.merged; the one merged away is closed, so it is resolved.
    const other = `node-${++serial}`;
    const [from] = (await gong.hook(['x', 'y'].map((name) => pod(other, name)))).opened;
    const merge = await gong.gong.parts.alerts.merge({ into: id!, from: from!, actor: { name: 'bob', platform: 'api' } });
    expect(merge.ok).toBe(true);
    const merged = await callOf('/incidents', 'incident.merged', id!);
    expect(merged).toMatchObject({ change: 'merged', actor: { name: 'bob' }, incident: { alertCount: 6 }, details: { from, merged: { id: from, state: 'resolved', mergedInto: id } } });
    expect((merged.details.alerts as number[]).length).toBe(2);
    expect(merged.alerts.filter((alert) => alert.fingerprint.startsWith(other))).toHaveLength(2);
    expect(await callOf('/incidents', 'incident.resolved', from!)).toMatchObject({ change: 'merged-into', incident: { state: 'resolved', mergedInto: id }, details: { into: id } });

    // Split: a new incident opens and hears incident.split, naming the one it left.
    const split = await gong.gong.parts.alerts.split({ incident: id!, alert: `${group}-b`, actor: { name: 'bob', platform: 'api' } });
    if (!split.ok) throw new Error(split.reason);
    const splitCall = await callOf('/incidents', 'incident.split', split.incident.id);
    expect(splitCall).toMatchObject({ change: 'split-from', incident: { alertCount: 1 }, details: { from: id, left: { id, alertCount: 5 } } });
    expect(splitCall.alerts.map((alert) => alert.fingerprint)).toEqual([`${group}-b`]);
    await callOf('/incidents', 'incident.opened', split.incident.id);

    // The legacy webhook heard its three subscriptions under their old names, and nothing else.
    await callOf('/legacy', 'alert.resolved', from!);
    const legacy = bodies('/legacy').filter((body) => [id, from].includes(body.incident.id));
    expect(legacy.map((body) => `${body.event} #${body.alert.id}`).sort()).toEqual([`alert.acknowledged #${id}`, `alert.opened #${from}`, `alert.opened #${id}`, `alert.resolved #${from}`].sort());
  });

  it('list the first 50 alerts of a big incident; its alertCount says how many there are', async () => {
    const group = `node-${++serial}`;
    const [id] = (await gong.hook(Array.from({ length: 60 }, (_, i) => pod(group, `p${i}`)))).opened;
    const opened = await callOf('/incidents', 'incident.opened', id!);
    expect(opened.incident.alertCount).toBe(60);
    expect(opened.alerts).toHaveLength(50);
    expect(opened.alerts[0]!.fingerprint).toBe(`${group}-p0`);
  });
});

describe('webhooks[].events', () => {
  const webhookWith = (events: unknown[]) =>
    parseConfig({ server: { adminToken: 'admin-token-0123456789' }, webhooks: [{ name: 'pager', url: 'https://example.com/hook', secret: 'whsec-0123456789abcdef', events }] }, {}, null);

  it('takes the incident events and the alert names from before incidents', () => {
    expect(webhookWith(['incident.merged', 'incident.alerts-changed', 'alert.opened']).webhooks[0]!.events).toEqual(['incident.merged', 'incident.alerts-changed', 'alert.opened']);
  });

  it('refuses an unknown event, naming the field', () => {
    expect(() => webhookWith(['incident.deleted'])).toThrow(/webhooks\.0\.events\.0|webhooks\[0\]\.events\[0\]/);
  });
});
