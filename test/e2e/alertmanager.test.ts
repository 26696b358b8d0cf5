import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertJson } from '../../src/db/alert-json.js';
import { type AmAlert, postToAlertmanager, type RunningAlertmanager, startAlertmanager } from '../helpers/alertmanager.js';
import { startTestGong, type TestGong, waitFor } from '../helpers/gong.js';

const SOURCE = 'prometheus';
const TOKEN = 'am-e2e-token-0123456789';

type AlertWithTimeline = AlertJson & { timeline: { type: string; actor: string; platform: string; at: string }[] };

let gong: TestGong;
let am: RunningAlertmanager;

/**
 * Two receivers on one Alertmanager: `gong` with the right bearer token, and `impostor` (picked by
 * the label gong_route="wrong-token") with a wrong one. group_wait 0s / group_interval 1s make
 * notifications leave within a second; the long repeat_interval keeps repeats out of the way.
 * group_by ['...'] makes each alert a notification group of its own, so each is an incident of
 * its own here: this test follows single alerts (incidents-alertmanager.test.ts follows a group).
 */
function alertmanagerYaml(hookUrl: string): string {
  return `
route:
  receiver: gong
  group_by: ['...']
  group_wait: 0s
  group_interval: 1s
  repeat_interval: 4h
  routes:
    - receiver: impostor
      matchers: ['gong_route="wrong-token"']
receivers:
  - name: gong
    webhook_configs:
      - url: ${hookUrl}
        send_resolved: true
        http_config:
          authorization: { type: Bearer, credentials: ${TOKEN} }
  - name: impostor
    webhook_configs:
      - url: ${hookUrl}
        send_resolved: true
        http_config:
          authorization: { type: Bearer, credentials: not-the-token-at-all }
`;
}

beforeAll(async () => {
  gong = await startTestGong({ sources: [{ name: SOURCE, type: 'alertmanager', token: TOKEN }] });
  am = await startAlertmanager(alertmanagerYaml(`${gong.url}/hooks/${SOURCE}`));
});

afterAll(async () => {
  await am?.stop();
  await gong?.close();
});

async function gongAlerts(): Promise<AlertJson[]> {
  const page = await gong.api<{ alerts: AlertJson[] }>(`/api/v1/alerts?source=${SOURCE}&limit=500`);
  return page.alerts;
}

/** Alertmanager's own fingerprints, which its webhook passes on and Gong must keep. */
async function alertmanagerFingerprints(): Promise<Map<string, string>> {
  const response = await fetch(`${am.url}/api/v2/alerts`);
  const alerts = (await response.json()) as { fingerprint: string; labels: Record<string, string> }[];
  return new Map(alerts.map((alert) => [alert.labels.instance!, alert.fingerprint]));
}

async function hookRejections(status: number): Promise<number> {
  const text = await (await fetch(`${gong.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('gong_http_request_duration_seconds_count{') && l.includes('route="/hooks/:source"') && l.includes(`status="${status}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('Prometheus Alertmanager → Gong', () => {
  const startsAt = new Date(Date.now() - 60_000).toISOString();
  const firing: AmAlert[] = ['db-1', 'db-2', 'web-1'].map((instance, i) => ({
    labels: { alertname: 'GongE2EHighLatency', instance, severity: i === 2 ? 'warning' : 'critical', job: 'e2e' },
    annotations: { summary: `latency is high on ${instance}` },
    startsAt,
    generatorURL: `http://prometheus.example/graph?g0.expr=${instance}`,
  }));

  it('stores what Alertmanager sends, then resolves what it resolves, with the source as actor', async () => {
    await postToAlertmanager(am.url, firing);
    const fingerprints = await alertmanagerFingerprints();
    expect(fingerprints.size).toBe(3);

    const stored = await waitFor('Gong to store the three firing alerts', async () => {
      const alerts = (await gongAlerts()).filter((a) => a.labels.job === 'e2e');
      return alerts.length === 3 ? alerts : undefined;
    });
    for (const posted of firing) {
      const alert = stored.find((a) => a.labels.instance === posted.labels.instance);
      expect(alert, `${posted.labels.instance} stored\n${am.output()}`).toBeDefined();
      expect(alert).toMatchObject({
        state: 'triggered',
        source: SOURCE,
        title: 'GongE2EHighLatency',
        severity: posted.labels.severity,
        fingerprint: fingerprints.get(posted.labels.instance!),
        labels: posted.labels,
        annotations: posted.annotations,
        description: posted.annotations!.summary,
        url: posted.generatorURL,
        resolvedAt: null,
        version: 1,
      });
      const detail = await gong.api<AlertWithTimeline>(`/api/v1/alerts/${alert!.id}`);
      expect(detail.timeline.map((e) => [e.type, e.actor, e.platform])).toEqual([['opened', SOURCE, 'source']]);
    }
    expect(new Set(stored.map((a) => a.id)).size).toBe(3);

    // Resolve db-1 and db-2 the way Prometheus does: the same alert again with endsAt in the past.
    const endsAt = new Date(Date.now() - 1_000).toISOString();
    await postToAlertmanager(am.url, firing.slice(0, 2).map((alert) => ({ ...alert, endsAt })));
    const after = await waitFor('Gong to resolve db-1 and db-2', async () => {
      const alerts = (await gongAlerts()).filter((a) => a.labels.job === 'e2e');
      return alerts.filter((a) => a.state === 'resolved').length === 2 ? alerts : undefined;
    });
    expect(after).toHaveLength(3);
    for (const alert of after) {
      const before = stored.find((a) => a.fingerprint === alert.fingerprint)!;
      expect(alert.id).toBe(before.id);
      const detail = await gong.api<AlertWithTimeline>(`/api/v1/alerts/${alert.id}`);
      if (alert.labels.instance === 'web-1') {
        expect(alert).toMatchObject({ state: 'triggered', resolvedAt: null, resolvedBy: null });
        expect(detail.timeline.map((e) => e.type)).toEqual(['opened']);
      } else {
        expect(alert).toMatchObject({ state: 'resolved', resolvedBy: SOURCE, version: 2 });
        expect(Date.parse(alert.resolvedAt!)).toBeGreaterThanOrEqual(Date.parse(alert.openedAt!));
        expect(detail.timeline.map((e) => [e.type, e.actor, e.platform])).toEqual([
          ['opened', SOURCE, 'source'],
          ['resolved', SOURCE, 'source'],
        ]);
      }
    }
  });

  it('stores nothing when Alertmanager presents the wrong token', async () => {
    const rejectedBefore = await hookRejections(401);
    await postToAlertmanager(am.url, [
      { labels: { alertname: 'GongE2EImpostor', instance: 'x-1', gong_route: 'wrong-token' }, startsAt: new Date().toISOString() },
    ]);
    await waitFor(
      'Gong to answer 401 to the impostor receiver',
      async () => ((await hookRejections(401)) > rejectedBefore ? true : undefined),
      20_000,
    );
    const all = await gongAlerts();
    expect(all.filter((a) => a.labels.gong_route === 'wrong-token' || a.title === 'GongE2EImpostor')).toEqual([]);
    // Only the three alerts of the first test exist: the rejected webhook left no trace.
    expect(all.filter((a) => a.labels.job === 'e2e')).toHaveLength(3);
    expect(all).toHaveLength(3);
  });
});
