import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configuredAlertService } from '../../src/alerts/configured-service.js';
import type { AlertService } from '../../src/alerts/service.js';
import { checkSilencedAlert } from '../../src/alerts/silence-check.js';
import { syncSilence } from '../../src/alerts/silence-sync.js';
import { parseConfig } from '../../src/config/load.js';
import { type RuntimeConfig, toRuntimeConfig } from '../../src/config/runtime-config.js';
import type { Database } from '../../src/db/client.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import { queryRows } from '../../src/db/rows.js';
import { alerts, incidentAlerts } from '../../src/db/schema.js';
import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';
import { postToAlertmanager, type RunningAlertmanager, startAlertmanager } from '../helpers/alertmanager.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

/**
 * A snooze of an incident silences each of its firing alerts in a real Alertmanager, and the
 * silences follow the alerts as they join, end, move by merge or split, and as the snooze is lifted.
 * The jobs are run here by hand, one at a time, to see each step.
 */
let am: RunningAlertmanager;
let database: Database;
let jobs: JobQueue;
let config: RuntimeConfig;
let service: AlertService;

beforeAll(async () => {
  am = await startAlertmanager(`
route: { receiver: nowhere }
receivers: [{ name: nowhere }]
`);
  database = await testDatabase();
  jobs = await startJobQueue(database, testLogger);
  config = toRuntimeConfig(
    parseConfig(
      {
        sources: [{ name: 'am', type: 'alertmanager', token: 'incident-silences-token', alertmanagerUrl: am.url }],
        chats: [{ name: 'ops', type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/ops-token' }],
        routes: [{ chats: ['ops'] }],
      },
      {},
      null,
    ),
  );
  service = configuredAlertService(config, database.db, jobs);
});

afterAll(async () => {
  await jobs?.stop();
  await database?.close();
  await am?.stop();
});

beforeEach(async () => {
  // No worker runs here: the queue only shows what was asked for since the test began.
  await database.db.execute(sql`DELETE FROM pgboss.job WHERE name IN ('silence-sync', 'silence-check')`);
});

const actor = { name: 'alice', platform: 'api' as const };
const deps = () => ({ db: database.db, jobs, sources: config.sources, logger: testLogger });
const sync = (id: number) => syncSilence(deps(), { alertId: id });
const check = (id: number, missing?: number) => checkSilencedAlert({ ...deps(), act: service.act }, { alertId: id, ...(missing && { missing }) });

function alertOf(group: string, name: string, status: 'firing' | 'resolved' = 'firing'): NormalizedAlert {
  const labels = { alertname: `Disk-${group}`, instance: name };
  return { status, fingerprint: `${group}-${name}`, title: labels.alertname, severity: 'critical', labels, annotations: {}, description: null, url: null, startsAt: new Date(), group };
}
async function openIncident(group: string, names: string[]): Promise<number> {
  const { opened } = await service.ingest('am', names.map((name) => alertOf(group, name)));
  expect(opened).toHaveLength(1);
  return opened[0]!;
}
const incident = async (id: number) => (await database.db.select().from(alerts).where(eq(alerts.id, id)))[0]!;
const members = (id: number) => database.db.select().from(incidentAlerts).where(eq(incidentAlerts.incidentId, id)).orderBy(asc(incidentAlerts.id));
const snooze = (id: number) => service.act({ alertId: id, action: { type: 'snooze', durationMs: 3_600_000 }, actor });
const syncQueued = async (id: number) =>
  (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'silence-sync' AND (data->>'alertId')::int = ${id}`))[0]!.n > 0;

interface AmSilence {
  id: string;
  status: { state: string };
  matchers: { name: string; value: string; isRegex: boolean; isEqual?: boolean }[];
}
const amSilence = async (id: string) => (await (await fetch(`${am.url}/api/v2/silence/${id}`)).json()) as AmSilence;
const states = async (ids: string[]) => Promise.all(ids.map(async (id) => (await amSilence(id)).status.state));

/** Each firing alert of the incident has an active silence on exactly its labels, and there are no others. */
async function expectSilencedExactly(id: number): Promise<Record<string, string>> {
  const held = (await incident(id)).silenceIds;
  const firing = (await members(id)).filter((member) => member.status === 'firing');
  expect(Object.keys(held).sort()).toEqual(firing.map((member) => String(member.id)).sort());
  for (const member of firing) {
    const silence = await amSilence(held[String(member.id)]!);
    expect(silence.status.state).toBe('active');
    expect(silence.matchers.map((m) => [m.name, m.value, m.isRegex, m.isEqual]).sort()).toEqual(Object.entries(member.labels).map(([n, v]) => [n, v, false, true]).sort());
  }
  return held;
}

describe('the silences of a snoozed incident', () => {
  it('cover each firing alert, follow alerts that join and end, and all expire when the snooze is lifted', async () => {
    const id = await openIncident('disk', ['db-1', 'db-2', 'db-3']);
    await snooze(id);
    expect(await syncQueued(id)).toBe(true);
    await sync(id);
    const first = await expectSilencedExactly(id);
    expect(Object.keys(first)).toHaveLength(3);

    // Running it again writes the same silences in place.
    await sync(id);
    expect((await incident(id)).silenceIds).toEqual(first);

    // A fourth alert joins the snoozed incident: a sync is asked for, and silences it too.
    await database.db.execute(sql`DELETE FROM pgboss.job WHERE name = 'silence-sync'`);
    expect((await service.ingest('am', [alertOf('disk', 'db-4')])).joined).toEqual([id]);
    expect(await syncQueued(id)).toBe(true);
    await sync(id);
    expect(Object.keys(await expectSilencedExactly(id))).toHaveLength(4);

    // The source ends db-1: its silence goes, the others stay.
    await database.db.execute(sql`DELETE FROM pgboss.job WHERE name = 'silence-sync'`);
    await service.ingest('am', [alertOf('disk', 'db-1', 'resolved')]);
    expect(await syncQueued(id)).toBe(true);
    await sync(id);
    const afterEnd = await expectSilencedExactly(id);
    expect(Object.keys(afterEnd)).toHaveLength(3);
    expect(await states([first[String((await members(id))[0]!.id)]!])).toEqual(['expired']);

    await service.act({ alertId: id, action: { type: 'unsnooze' }, actor });
    await sync(id);
    expect((await incident(id)).silenceIds).toEqual({});
    expect(await states(Object.values(afterEnd))).toEqual(['expired', 'expired', 'expired']);
  });

  it('that Alertmanager took are kept when it refuses one, and a retry writes only the missing one', async () => {
    const id = await openIncident('fan', ['fan-1', 'fan-2', 'fan-3']);
    await snooze(id);
    const refusing: typeof fetch = async (url, init) =>
      init?.method === 'POST' && String(init.body).includes('"fan-2"') ? new Response('storage full', { status: 503 }) : fetch(url, init);
    await expect(syncSilence({ ...deps(), fetch: refusing }, { alertId: id })).rejects.toThrow('Alertmanager answered HTTP 503: storage full');
    const partial = await incident(id);
    expect(partial.silenceError).toBe('Alertmanager answered HTTP 503: storage full');
    const [one, two, three] = (await members(id)).map((member) => String(member.id));
    expect(Object.keys(partial.silenceIds).sort()).toEqual([one, three].sort());

    await sync(id);
    const held = await expectSilencedExactly(id);
    expect(held).toMatchObject({ [one!]: partial.silenceIds[one!], [three!]: partial.silenceIds[three!] });
    expect(held[two!]).toBeDefined();
    expect((await incident(id)).silenceError).toBeNull();
  });

  it('are not asked for when an alert joins an incident that is not snoozed', async () => {
    const id = await openIncident('cpu', ['web-1']);
    expect((await service.ingest('am', [alertOf('cpu', 'web-2')])).joined).toEqual([id]);
    expect(await syncQueued(id)).toBe(false);
  });

  it('move with a merge: the merged-away incident expires its own, a snoozed target silences what it took in', async () => {
    const from = await openIncident('mem', ['app-1', 'app-2']);
    const into = await openIncident('swap', ['app-9']);
    await snooze(from);
    await sync(from);
    const fromSilences = Object.values(await expectSilencedExactly(from));
    await snooze(into);
    await sync(into);

    const merged = await service.merge({ into, from, actor });
    expect(merged.ok).toBe(true);
    expect(await syncQueued(from)).toBe(true);
    expect(await syncQueued(into)).toBe(true);
    await sync(from);
    await sync(into);
    expect((await incident(from)).silenceIds).toEqual({});
    expect(await states(fromSilences)).toEqual(['expired', 'expired']);
    expect(Object.keys(await expectSilencedExactly(into))).toHaveLength(3);
  });

  it('move with a split: the alert split off is no longer silenced, the rest stay silenced', async () => {
    const id = await openIncident('net', ['sw-1', 'sw-2', 'sw-3']);
    await snooze(id);
    await sync(id);
    const before = await expectSilencedExactly(id);
    const leaving = (await members(id))[2]!;

    const split = await service.split({ incident: id, alert: leaving.id, actor });
    expect(split.ok).toBe(true);
    expect(await syncQueued(id)).toBe(true);
    await sync(id);
    expect(Object.keys(await expectSilencedExactly(id))).toHaveLength(2);
    expect(await states([before[String(leaving.id)]!])).toEqual(['expired']);
    if (split.ok) {
      await sync(split.incident.id);
      expect((await incident(split.incident.id)).silenceIds).toEqual({});
    }
  });
});

describe('the silence check of a snoozed incident', () => {
  it('resolves the incident, with the source as actor, only after two checks find none of its alerts firing', async () => {
    const names = ['q-1', 'q-2'];
    const id = await openIncident('queue', names);
    await postToAlertmanager(am.url, names.map((name) => ({ labels: alertOf('queue', name).labels })));
    await snooze(id);
    await sync(id);

    // One of the two ends at the source: the other still fires, so the incident stays open.
    await postToAlertmanager(am.url, [{ labels: alertOf('queue', 'q-1').labels, endsAt: new Date().toISOString() }]);
    await check(id, 1);
    expect((await incident(id)).state).toBe('triggered');

    // Both ended: a first miss only counts, a second in a row resolves.
    await postToAlertmanager(am.url, [{ labels: alertOf('queue', 'q-2').labels, endsAt: new Date().toISOString() }]);
    await check(id);
    expect((await incident(id)).state).toBe('triggered');
    await check(id, 1);
    expect(await incident(id)).toMatchObject({ state: 'resolved', resolvedBy: 'am' });
  });
});
