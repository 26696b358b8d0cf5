import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { capturingLogger } from '../helpers/logger.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../helpers/lark-gong.js';
import { rawRequest } from '../helpers/raw-http.js';

/**
 * The first thing a user does after pointing Grafana at Gong is press the contact point's "Test"
 * button; and Alertmanager resends resolves of alerts Gong may never have seen. Neither may vanish.
 */
const APP = { appId: 'cli_00112233445566ab', appSecret: 'lark-secret-grafana-test' };
const GRAFANA = { name: 'grafana', type: 'grafana' as const, token: 'grafana-source-token-1' };
const AM = { name: 'am', type: 'alertmanager' as const, token: 'alertmanager-token-1' };

/** What Grafana's "Test" button sends to a webhook contact point (Grafana 11). */
function grafanaTestPayload(labels: Record<string, string> = {}) {
  const alert = {
    status: 'firing',
    labels: { alertname: 'TestAlert', grafana_folder: 'Test Folder', instance: 'Grafana', ...labels },
    annotations: { summary: 'Notification test' },
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: '?orgId=1',
    fingerprint: '57c6d9296de2ad39',
    silenceURL: 'https://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DTestAlert',
    dashboardURL: '',
    panelURL: '',
    values: null,
    valueString: "[ metric='foo' labels={instance=bar} value=10 ]",
  };
  return {
    receiver: 'test',
    status: 'firing',
    orgId: 1,
    alerts: [alert],
    groupLabels: {},
    commonLabels: alert.labels,
    commonAnnotations: alert.annotations,
    externalURL: 'https://grafana.example.com/',
    version: '1',
    groupKey: 'test-57c6d9296de2ad39-1700000000',
    truncatedAlerts: 0,
    title: '[FIRING:1]  (TestAlert Test Folder Grafana)',
    state: 'alerting',
    message: '**Firing**\n\nValue: [no value]\nLabels:\n - alertname = TestAlert\n',
  };
}

let running: LarkGong;
let lark: LarkServer;
let gong: TestGong;
const { logger, lines } = capturingLogger();

const post = (source: { name: string; token: string }, body: unknown) =>
  rawRequest(gong.url, {
    path: `/hooks/${source.name}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${source.token}` },
    body: JSON.stringify(body),
  });
const texts = (chatId: string) => lark.chatMessages(chatId).map((m) => m.content);

beforeAll(async () => {
  running = await startGongWithLark({
    app: APP,
    sources: [GRAFANA, AM],
    logger,
    server: { chats: [{ chatId: 'oc_ops' }, { chatId: 'oc_db' }, { chatId: 'oc_nowhere' }] },
    config: () => ({
      chats: [
        { name: 'ops', type: 'lark', chatId: 'oc_ops' },
        { name: 'db', type: 'lark', chatId: 'oc_db' },
        { name: 'nowhere', type: 'lark', chatId: 'oc_nowhere' },
      ],
      routes: [
        { match: 'team="db"', chats: ['db'] },
        { match: 'team="none"', chats: [] },
        { chats: ['ops'] },
      ],
    }),
  });
  ({ lark, gong } = running);
});

afterAll(async () => {
  await running?.close();
});

describe("Grafana's test notification", () => {
  it('posts a test message naming the source in the chats its labels route to, and opens no alert', async () => {
    const reply = await post(GRAFANA, grafanaTestPayload());
    expect(reply.status, reply.text).toBe(200);
    const answer = JSON.parse(reply.text);
    expect(answer).toMatchObject({ received: 1, opened: [], repeated: [], resolved: [], unknownResolved: [] });
    expect(answer.testMessages).toEqual([{ ok: true, chat: 'ops', messageId: expect.any(String), answer: expect.any(String) }]);

    const posted = await waitFor('the test message', async () => texts('oc_ops').find((content) => content.includes('Gong test message')));
    expect(posted).toContain('The test notification of the source');
    expect(posted).toContain('grafana');
    expect(texts('oc_db')).toEqual([]);
    expect(texts('oc_nowhere')).toEqual([]);
    expect((await gong.api<{ alerts: unknown[] }>('/api/v1/alerts')).alerts).toEqual([]);
    expect(lines.some((line) => line.includes('test notification from the source') && line.includes('"chat":"ops"'))).toBe(true);
  });

  it('follows the routes: a test with team=db labels reaches the db chat', async () => {
    const reply = await post(GRAFANA, grafanaTestPayload({ team: 'db' }));
    expect(reply.status, reply.text).toBe(200);
    expect(JSON.parse(reply.text).testMessages).toMatchObject([{ ok: true, chat: 'db' }]);
    await waitFor('the test message in db', async () => texts('oc_db').find((content) => content.includes('Gong test message')));
  });

  it('answers 422 when no route takes its labels, so the Test button shows the failure', async () => {
    const reply = await post(GRAFANA, grafanaTestPayload({ team: 'none' }));
    expect(reply.status).toBe(422);
    expect(reply.error).toBe('the test notification matches no route: no chat would get these alerts');
    expect((await gong.api<{ alerts: unknown[] }>('/api/v1/alerts')).alerts).toEqual([]);
  });

  it('is an alert like any other when sent by another kind of source', async () => {
    const { alerts, ...rest } = grafanaTestPayload();
    const reply = await post(AM, { ...rest, alerts: alerts.map(({ status, labels, annotations, startsAt }) => ({ status, labels, annotations, startsAt })) });
    expect(reply.status, reply.text).toBe(200);
    const answer = JSON.parse(reply.text);
    expect(answer.opened).toHaveLength(1);
    expect(answer.testMessages).toBeUndefined();
  });
});

describe('a resolve of an alert Gong never saw', () => {
  it('is named in the answer and logged at info, and changes nothing', async () => {
    const before = await gong.api<{ alerts: unknown[] }>('/api/v1/alerts');
    const reply = await post(AM, {
      version: '4',
      status: 'resolved',
      alerts: [
        { status: 'resolved', labels: { alertname: 'NeverFired', instance: 'db-9' }, fingerprint: 'feedfacecafebeef' },
        { status: 'resolved', labels: { alertname: 'NeverFiredEither' }, fingerprint: '0123456789abcdef' },
      ],
    });
    expect(reply.status, reply.text).toBe(200);
    expect(JSON.parse(reply.text)).toEqual({ received: 2, opened: [], repeated: [], joined: [], resolved: [], unknownResolved: ['feedfacecafebeef', '0123456789abcdef'] });
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg?.includes('never saw'));
    expect(logged).toMatchObject({ level: 30, source: 'am', fingerprints: ['feedfacecafebeef', '0123456789abcdef'] });
    expect(await gong.api('/api/v1/alerts')).toEqual(before);
  });

  it('is not "unknown" when Gong saw it and resolved it already (a repeated resolve)', async () => {
    const firing = { status: 'firing', labels: { alertname: 'SeenOnce' }, fingerprint: 'aaaabbbbccccdddd' };
    expect((await post(AM, { alerts: [firing] })).status).toBe(200);
    const first = JSON.parse((await post(AM, { alerts: [{ ...firing, status: 'resolved' }] })).text);
    expect(first).toMatchObject({ resolved: [expect.any(Number)], unknownResolved: [] });
    const again = JSON.parse((await post(AM, { alerts: [{ ...firing, status: 'resolved' }] })).text);
    expect(again).toMatchObject({ resolved: [], unknownResolved: [] });
  });
});
