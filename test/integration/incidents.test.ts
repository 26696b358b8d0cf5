import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertService, type AlertService } from '../../src/alerts/service.js';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';
import { podAlert as pod } from '../helpers/pod-alert.js';

let database: Database;
let jobs: JobQueue;
let service: AlertService;
const alice = { name: 'alice', platform: 'api' as const };

beforeAll(async () => {
  database = await testDatabase();
  jobs = await startJobQueue(database, testLogger);
  service = createAlertService({
    db: database.db,
    jobs,
    timeZone: 'UTC',
    route: () => ['ops', 'dev'],
    // Alerts of team "db" are grouped by alertname, whatever their source group says.
    groupBy: (alert) => (alert.labels.team === 'db' ? ['alertname'] : []),
  });
});
afterAll(async () => {
  await jobs.stop();
  await database.close();
});

let serial = 0;
const resolved = (alert: NormalizedAlert): NormalizedAlert => ({ ...alert, status: 'resolved' });
const fresh = () => `g${++serial}`;

const deliveriesFor = async (incident: number) =>
  (await queryRows<{ chat: string }>(database.db, sql`SELECT data->>'chat' AS chat FROM pgboss.job WHERE name = 'card-deliver' AND (data->>'alertId')::int = ${incident} ORDER BY 1`)).map((r) => r.chat);
const events = async (incident: number) => (await service.timeline(incident)).map((event) => event.type);

describe('incidents', () => {
  it("one notification's group of alerts is one incident with one card per chat; alerts keep their own identity", async () => {
    const group = fresh();
    const batch = ['a', 'b', 'c'].map((name) => pod(name, group));
    const result = await service.ingest('am', batch);
    expect(result.opened).toHaveLength(1);
    const id = result.opened[0]!;
    expect(await deliveriesFor(id)).toEqual(['dev', 'ops']);
    const incident = (await service.get(id))!;
    expect(incident).toMatchObject({ title: 'PodCrashLooping', alertCount: 3, firingCount: 3, commonLabels: { alertname: 'PodCrashLooping', node: 'node-1' } });
    const { alerts, total, firing } = await service.incidentAlerts(id);
    expect({ total, firing }).toEqual({ total: 3, firing: 3 });
    expect(alerts.map((alert) => alert.fingerprint)).toEqual(batch.map((alert) => alert.fingerprint));
    expect(await service.incidentOfAlert(alerts[1]!.id)).toBe(id);
  });

  it('a later alert of the group joins: no new card, the incident counts it, its timeline says so; an ack stays', async () => {
    const group = fresh();
    const [id] = (await service.ingest('am', [pod('a', group)])).opened;
    expect((await service.act({ alertId: id!, action: { type: 'ack' }, actor: alice })).ok).toBe(true);
    const version = (await service.get(id!))!.version;

    const joined = await service.ingest('am', [pod('b', group, { severity: 'critical' }), pod('a', group)]);
    expect(joined).toMatchObject({ opened: [], joined: [id], repeated: [id] });
    const incident = (await service.get(id!))!;
    expect(incident).toMatchObject({ state: 'acknowledged', alertCount: 2, firingCount: 2, severity: 'critical', count: 3 });
    expect(incident.version).toBe(version + 1);
    expect(await events(id!)).toEqual(['opened', 'acknowledged', 'alerts-joined']);
    expect(await deliveriesFor(id!)).toEqual(['dev', 'ops']);
  });

  it('the source resolving its alerts counts the incident down and resolves it with the last, the source as actor', async () => {
    const group = fresh();
    const batch = ['a', 'b', 'c'].map((name) => pod(name, group));
    const [id] = (await service.ingest('am', batch)).opened;

    expect(await service.ingest('am', [resolved(batch[0]!)])).toMatchObject({ resolved: [], unknownResolved: [] });
    expect(await service.get(id!)).toMatchObject({ state: 'triggered', firingCount: 2, alertCount: 3 });
    await service.ingest('am', [resolved(batch[1]!)]);
    expect((await service.get(id!))!.firingCount).toBe(1);

    // An ended alert that fires again counts again.
    await service.ingest('am', [batch[0]!]);
    expect((await service.get(id!))!.firingCount).toBe(2);

    const last = await service.ingest('am', [resolved(batch[0]!), resolved(batch[2]!)]);
    expect(last.resolved).toEqual([id]);
    expect(await service.get(id!)).toMatchObject({ state: 'resolved', resolvedBy: 'am', firingCount: 0 });
    expect(await events(id!)).toEqual(['opened', 'alerts-resolved', 'alerts-resolved', 'alerts-refired', 'resolved']);
    const { firing } = await service.incidentAlerts(id!);
    expect(firing).toBe(0);
  });

  it('a person resolving an incident resolves it whatever its alerts say; an alert still firing opens a new incident next time', async () => {
    const group = fresh();
    const batch = [pod('a', group), pod('b', group)];
    const [id] = (await service.ingest('am', batch)).opened;
    expect((await service.act({ alertId: id!, action: { type: 'resolve' }, actor: alice })).ok).toBe(true);
    expect(await service.get(id!)).toMatchObject({ state: 'resolved', resolvedBy: 'alice' });

    const again = await service.ingest('am', [batch[1]!]);
    expect(again.opened).toHaveLength(1);
    expect(again.opened[0]).not.toBe(id);
    // The old incident's alert ending later changes nothing there.
    const late = await service.ingest('am', [resolved(batch[0]!)]);
    expect(late).toMatchObject({ resolved: [], unknownResolved: [] });
    expect((await service.get(id!))!.state).toBe('resolved');
  });

  it("a route's groupBy groups alerts across the source's groups", async () => {
    const labels = { alertname: `SlowQuery${fresh()}`, team: 'db' };
    const one = await service.ingest('am', [pod('x', fresh(), { labels: { ...labels, db: 'orders' } })]);
    const two = await service.ingest('am', [pod('y', fresh(), { labels: { ...labels, db: 'users' } })]);
    expect(two).toMatchObject({ opened: [], joined: one.opened });
    expect((await service.get(one.opened[0]!))!.commonLabels).toEqual(labels);
  });

  it('without any group, each fingerprint is its own incident as before', async () => {
    const result = await service.ingest('am', [pod('p', null, { fingerprint: `solo-${fresh()}` }), pod('q', null, { fingerprint: `solo-${fresh()}` })]);
    expect(result.opened).toHaveLength(2);
  });

  it('concurrent notifications of one group open one incident', async () => {
    const group = fresh();
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((name) => service.ingest('am', [pod(name, group)])));
    const opened = results.flatMap((result) => result.opened);
    expect(opened).toHaveLength(1);
    expect((await service.get(opened[0]!))!.alertCount).toBe(4);
  });
});

describe('merge and split', () => {
  it('merge moves every alert into the target and closes the other as merged; its group keeps joining the target', async () => {
    const [g1, g2] = [fresh(), fresh()];
    const [into] = (await service.ingest('am', [pod('a', g1)])).opened;
    const [from] = (await service.ingest('am', [pod('b', g2), pod('c', g2)])).opened;
    const merged = await service.merge({ into: into!, from: from!, actor: alice });
    expect(merged.ok).toBe(true);
    expect(await service.get(into!)).toMatchObject({ state: 'triggered', alertCount: 3, firingCount: 3 });
    expect(await service.get(from!)).toMatchObject({ state: 'resolved', resolvedBy: 'alice', mergedInto: into, alertCount: 0 });
    expect(await events(into!)).toEqual(['opened', 'merged']);
    expect(await events(from!)).toEqual(['opened', 'merged-into']);

    // A new alert of the merged group, and a repeat of a moved one, go to the target.
    const later = await service.ingest('am', [pod('d', g2), pod('b', g2)]);
    expect(later).toMatchObject({ opened: [], joined: [into], repeated: [into] });
    expect((await service.get(into!))!.alertCount).toBe(4);

    // Every action on the merged incident points at the one it went into (a comment is still kept).
    expect(await service.act({ alertId: from!, action: { type: 'ack' }, actor: alice })).toMatchObject({ ok: false, refusal: { code: 'mergedAway', into }, reason: `merged into #${into}; act on #${into}` });
    expect(await service.act({ alertId: from!, action: { type: 'reopen' }, actor: alice })).toMatchObject({ ok: false, refusal: { code: 'mergedAway', into } });
    expect((await service.act({ alertId: from!, action: { type: 'comment', text: 'see #' + into }, actor: alice })).ok).toBe(true);

    const again = await service.merge({ into: into!, from: from!, actor: alice });
    expect(again).toMatchObject({ ok: false, code: 'refused', refusal: { code: 'mergedAway', into } });
    expect(await service.merge({ into: into!, from: into!, actor: alice })).toMatchObject({ ok: false, refusal: { code: 'sameIncident' } });
    expect(await service.merge({ into: into!, from: 9_999_999, actor: alice })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('split moves one alert into a new incident of its own, which its next notification keeps', async () => {
    const group = fresh();
    const batch = [pod('a', group), pod('b', group), pod('c', group)];
    const [id] = (await service.ingest('am', batch)).opened;
    const split = await service.split({ incident: id!, alert: batch[1]!.fingerprint, actor: alice });
    if (!split.ok) throw new Error(split.reason);
    const newId = split.incident.id;
    expect(split.incident).toMatchObject({ state: 'triggered', alertCount: 1, firingCount: 1, fingerprint: batch[1]!.fingerprint });
    expect(await service.get(id!)).toMatchObject({ alertCount: 2, firingCount: 2 });
    expect(await deliveriesFor(newId)).toEqual(['dev', 'ops']);
    expect(await events(id!)).toEqual(['opened', 'split']);
    expect(await events(newId)).toEqual(['split-from']);

    expect(await service.ingest('am', [batch[1]!])).toMatchObject({ opened: [], joined: [], repeated: [newId] });
    expect(await service.ingest('am', [resolved(batch[1]!)])).toMatchObject({ resolved: [newId] });

    const members = await service.incidentAlerts(id!);
    expect(await service.split({ incident: id!, alert: 'not-there', actor: alice })).toMatchObject({ ok: false, refusal: { code: 'notInIncident' } });
    const first = await service.split({ incident: id!, alert: members.alerts[0]!.id, actor: alice });
    expect(first.ok).toBe(true);
    expect(await service.split({ incident: id!, alert: members.alerts[1]!.id, actor: alice })).toMatchObject({ ok: false, refusal: { code: 'lastAlert' } });
  });
});
