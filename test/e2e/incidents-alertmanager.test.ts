import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertEvents, alerts, cards, incidentAlerts } from '../../src/db/schema.js';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { type AmAlert, freePort, postToAlertmanager, type RunningAlertmanager, startAlertmanager } from '../helpers/alertmanager.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

// The real Alertmanager groups alerts by its route's `group_by` and sends each group as one
// notification with its `groupKey`: Gong makes one incident of the group, with one card per chat,
// counts its alerts down as Alertmanager resolves them, and silences all of them on a snooze.
const TOKEN = 'am-incidents-token-0123456789';
const DING = { clientId: 'dingincidentapp', clientSecret: 'incident-ding-secret' };
const LARK = { appId: 'cli_a0a1a2a3a4a5a6a7', appSecret: 'incident-lark-secret' };
const CHATS = ['ding', 'feishu'];

let am: RunningAlertmanager;
let running: SandboxGong;
let gong: TestGong;
let dingtalk: DingTalkServerHandle;
let lark: LarkServer;

function alertmanagerYaml(hookUrl: string): string {
  return `
route:
  receiver: gong
  group_by: ['alertname', 'namespace']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 4h
receivers:
  - name: gong
    webhook_configs:
      - url: ${hookUrl}
        send_resolved: true
        http_config:
          authorization: { type: Bearer, credentials: ${TOKEN} }
`;
}

beforeAll(async () => {
  // Gong needs Alertmanager's URL (for silences) and Alertmanager Gong's (for its webhook).
  const amPort = await freePort();
  running = await startSandboxGong({
    sources: [{ name: 'prometheus', type: 'alertmanager', token: TOKEN, alertmanagerUrl: `http://127.0.0.1:${amPort}`, silenceCheckSeconds: 1 }],
    dingtalk: { apps: [DING], groups: [{ conversationId: 'cidIncidents' }] },
    lark: { apps: [{ ...LARK, events: 'websocket' }], chats: [{ chatId: 'oc_incidents', members: [{ openId: 'ou_lei', name: 'Li Lei' }] }] },
    config: ({ dingtalk, lark }) => ({
      dingtalk: { ...DING, cardTemplateId: 'gong-alert', apiBase: dingtalk.url },
      lark: { ...LARK, domain: lark.url },
      chats: [
        { name: 'ding', type: 'dingtalk', conversationId: 'cidIncidents' },
        { name: 'feishu', type: 'lark', chatId: 'oc_incidents' },
      ],
    }),
  });
  ({ gong, dingtalk, lark } = running);
  am = await startAlertmanager(alertmanagerYaml(`${gong.url}/hooks/prometheus`), { port: amPort });
});

afterAll(async () => {
  await am?.stop();
  await running?.close();
});

const db = () => gong.gong.parts.database.db;
const incidentsTitled = (title: string) => db().select().from(alerts).where(eq(alerts.title, title)).orderBy(asc(alerts.id));
const incident = async (id: number) => (await db().select().from(alerts).where(eq(alerts.id, id)))[0]!;
const membersOf = (id: number) => db().select().from(incidentAlerts).where(eq(incidentAlerts.incidentId, id)).orderBy(asc(incidentAlerts.id));
const cardsOf = (id: number) => db().select().from(cards).where(eq(cards.alertId, id)).orderBy(asc(cards.chat));
const timelineOf = (id: number) => db().select().from(alertEvents).where(eq(alertEvents.alertId, id)).orderBy(asc(alertEvents.id));
const act = (id: number, action: string, args: Record<string, string> = {}) => gong.api(`/api/v1/alerts/${id}/actions`, { body: { action, actor: 'alice', args } });

/** Alertmanager's own view of its alerts, with the silences that mute each. */
async function amAlerts(): Promise<{ labels: Record<string, string>; fingerprint: string; status: { silencedBy: string[] } }[]> {
  return (await fetch(`${am.url}/api/v2/alerts`)).json() as never;
}

interface AmSilence {
  id: string;
  status: { state: 'active' | 'pending' | 'expired' };
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
}
const amSilences = async () => (await (await fetch(`${am.url}/api/v2/silences`)).json()) as AmSilence[];

/** The one open incident of a group, once `alertCount` of its alerts have arrived. */
async function incidentOfGroup(title: string, alertCount: number) {
  return waitFor(`one incident of ${alertCount} ${title} alerts`, async () => {
    const rows = await incidentsTitled(title);
    return rows.length === 1 && rows[0]!.alertCount === alertCount ? rows[0]! : undefined;
  });
}

/** Waits until each chat's card shows the incident's current version. */
async function cardsAtCurrentVersion(id: number): Promise<void> {
  await waitFor(`the cards of #${id} redrawn`, async () => {
    const { version } = await incident(id);
    const rows = await cardsOf(id);
    return rows.length === CHATS.length && rows.every((card) => card.renderedVersion === version) ? true : undefined;
  });
}

describe('an Alertmanager group is one incident', () => {
  const pods: AmAlert[] = [1, 2, 3, 4, 5].map((n) => ({
    labels: { alertname: 'GongE2EPodCrashLooping', namespace: 'shop', pod: `web-${n}`, severity: n === 3 ? 'critical' : 'warning' },
    annotations: { summary: `web-${n} restarts` },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
  }));

  it('opens one incident with one card per chat, counts down as the alerts resolve, and resolves with the last', async () => {
    await postToAlertmanager(am.url, pods);
    const opened = await incidentOfGroup('GongE2EPodCrashLooping', 5);
    expect(opened).toMatchObject({ state: 'triggered', source: 'prometheus', severity: 'critical', firingCount: 5, commonLabels: { alertname: 'GongE2EPodCrashLooping', namespace: 'shop' } });
    expect(opened.groupKey).toContain('alertname="GongE2EPodCrashLooping"');
    const fingerprints = new Map((await amAlerts()).map((alert) => [alert.labels.pod, alert.fingerprint]));
    expect((await membersOf(opened.id)).map((member) => [member.labels.pod, member.fingerprint, member.status])).toEqual(
      pods.map((pod) => [pod.labels.pod, fingerprints.get(pod.labels.pod), 'firing']),
    );

    // One card per chat, not one per alert.
    await cardsAtCurrentVersion(opened.id);
    expect((await cardsOf(opened.id)).map((card) => card.chat)).toEqual(CHATS);
    const [dingCard] = await cardsOf(opened.id);
    expect(dingtalk.card(dingCard!.ref)).toBeDefined();
    const larkCards = lark.chatMessages('oc_incidents').filter((m) => m.msgType === 'interactive' && !m.rootId);
    expect(larkCards).toHaveLength(1);
    expect(larkCards[0]!.content).toContain(`#${opened.id} `);
    expect(await db().select().from(cards)).toHaveLength(CHATS.length);

    // Prometheus resolves the pods one by one: the same alert with endsAt now.
    for (const [index, pod] of pods.slice(0, 4).entries()) {
      await postToAlertmanager(am.url, [{ ...pod, endsAt: new Date().toISOString() }]);
      const counted = await waitFor(`${4 - index} firing`, async () => {
        const row = await incident(opened.id);
        return row.firingCount === 4 - index ? row : undefined;
      });
      expect(counted).toMatchObject({ state: 'triggered', alertCount: 5, resolvedAt: null });
      const resolvedPods = (await membersOf(opened.id)).filter((member) => member.status === 'resolved').map((member) => member.labels.pod);
      expect(resolvedPods).toEqual(pods.slice(0, index + 1).map((resolved) => resolved.labels.pod));
      expect((await timelineOf(opened.id)).at(-1)).toMatchObject({ type: 'alerts-resolved', actor: 'prometheus', platform: 'source' });
      await cardsAtCurrentVersion(opened.id);
    }

    await postToAlertmanager(am.url, [{ ...pods[4]!, endsAt: new Date().toISOString() }]);
    const resolved = await waitFor('the incident to resolve', async () => {
      const row = await incident(opened.id);
      return row.state === 'resolved' ? row : undefined;
    });
    expect(resolved).toMatchObject({ resolvedBy: 'prometheus', firingCount: 0, alertCount: 5 });
    expect((await timelineOf(opened.id)).at(-1)).toMatchObject({ type: 'resolved', actor: 'prometheus', platform: 'source' });
    await cardsAtCurrentVersion(opened.id);
    expect(dingtalk.card(dingCard!.ref)?.state).toBe('resolved');
    expect(await incidentsTitled('GongE2EPodCrashLooping')).toHaveLength(1);
  });
});

describe('snoozing an Alertmanager incident', () => {
  const disks: AmAlert[] = ['db-1', 'db-2', 'db-3'].map((instance) => ({
    labels: { alertname: 'GongE2EDiskFull', namespace: 'storage', instance, severity: 'critical' },
    startsAt: new Date(Date.now() - 60_000).toISOString(),
  }));
  const silenceIdsOf = async (id: number) => (await incident(id)).silenceIds;

  it('silences every alert of the incident, and one that joins later, until the source resolves them all', async () => {
    await postToAlertmanager(am.url, disks);
    const { id } = await incidentOfGroup('GongE2EDiskFull', 3);
    await act(id, 'snooze', { duration: '2h' });

    // One silence per alert, on its exact labels, each muting that alert in Alertmanager.
    const members = await membersOf(id);
    const held = await waitFor('three silences', async () => {
      const ids = await silenceIdsOf(id);
      return Object.keys(ids).length === 3 ? ids : undefined;
    });
    expect(Object.keys(held).sort()).toEqual(members.map((member) => String(member.id)).sort());
    const silences = await amSilences();
    for (const member of members) {
      const silence = silences.find((candidate) => candidate.id === held[String(member.id)])!;
      expect(silence.status.state).toBe('active');
      expect(silence.matchers.map((m) => [m.name, m.value, m.isRegex, m.isEqual]).sort()).toEqual(Object.entries(member.labels).map(([name, value]) => [name, value, false, true]).sort());
    }
    await waitFor('Alertmanager to mark all three silenced', async () => {
      const listed = (await amAlerts()).filter((alert) => alert.labels.alertname === 'GongE2EDiskFull');
      return listed.length === 3 && listed.every((alert) => alert.status.silencedBy.length === 1) ? true : undefined;
    });

    // A fourth disk fills up: Alertmanager has no silence for it and sends it; it joins and is silenced too.
    const joining: AmAlert = { labels: { ...disks[0]!.labels, instance: 'db-4' }, startsAt: new Date().toISOString() };
    await postToAlertmanager(am.url, [joining]);
    await waitFor('the fourth silence', async () => (Object.keys(await silenceIdsOf(id)).length === 4 ? true : undefined));
    const joined = await incident(id);
    expect(joined).toMatchObject({ alertCount: 4, firingCount: 4, state: 'triggered' });
    expect(joined.snoozedUntil).not.toBeNull();
    await waitFor('Alertmanager to mark the fourth silenced', async () => {
      const listed = (await amAlerts()).find((alert) => alert.labels.instance === 'db-4');
      return listed?.status.silencedBy.length === 1 ? true : undefined;
    });
    const silenceIds = Object.values(await silenceIdsOf(id));

    // Prometheus resolves them all; the silences mute that too, so Gong learns it by asking.
    await postToAlertmanager(am.url, [...disks, joining].map((disk) => ({ ...disk, endsAt: new Date().toISOString() })));
    const resolved = await waitFor('the incident resolved by its source', async () => {
      const row = await incident(id);
      return row.state === 'resolved' ? row : undefined;
    });
    expect(resolved.resolvedBy).toBe('prometheus');
    await waitFor('every silence expired', async () => {
      const states = (await amSilences()).filter((silence) => silenceIds.includes(silence.id)).map((silence) => silence.status.state);
      return states.length === 4 && states.every((state) => state === 'expired') ? true : undefined;
    });
    // A call that failed on the way (a connection Alertmanager closed) is retried: the ids clear once every expiry is answered.
    await waitFor('no silence held', async () => (Object.keys(await silenceIdsOf(id)).length === 0 ? true : undefined));
  });

  it('expires every silence of the incident when the snooze is lifted', async () => {
    const alertname = 'GongE2EQueueBacklog';
    await postToAlertmanager(am.url, ['mail', 'billing'].map((queue) => ({ labels: { alertname, namespace: 'jobs', queue } })));
    const { id } = await incidentOfGroup(alertname, 2);
    await act(id, 'snooze', { duration: '30m' });
    const silenceIds = await waitFor('two silences', async () => {
      const ids = Object.values(await silenceIdsOf(id));
      return ids.length === 2 ? ids : undefined;
    });
    await act(id, 'unsnooze');
    await waitFor('both silences expired', async () => {
      const states = (await amSilences()).filter((silence) => silenceIds.includes(silence.id)).map((silence) => silence.status.state);
      return states.length === 2 && states.every((state) => state === 'expired') ? true : undefined;
    });
    await waitFor('no silence held', async () => (Object.keys(await silenceIdsOf(id)).length === 0 ? true : undefined));
    expect((await timelineOf(id)).filter((event) => event.type === 'unsnoozed')).toHaveLength(1);
  });
});
