import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredAlertService } from '../../src/alerts/configured-service.js';
import { getAlert, getTimeline } from '../../src/alerts/queries.js';
import type { AlertService } from '../../src/alerts/service.js';
import { parseConfig } from '../../src/config/load.js';
import { toRuntimeConfig } from '../../src/config/runtime-config.js';
import type { Database } from '../../src/db/client.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import { queryRows } from '../../src/db/rows.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

/**
 * Gong's own timers change an alert's state through the service's one door, as a click does: the
 * state machine takes or refuses the change, and it is written with the same timeline event,
 * card jobs and follow-ups.
 */
let database: Database;
let jobs: JobQueue;
let metrics: Metrics;
let alerts: AlertService;

beforeAll(async () => {
  database = await testDatabase();
  jobs = await startJobQueue(database, testLogger);
  metrics = createMetrics();
  const config = parseConfig(
    {
      chats: [{ name: 'ops', type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/ops-token' }],
      users: [{ name: 'alice' }],
      escalations: [{ name: 'page', steps: [{ after: '5m', mention: ['alice'] }, { after: '15m', mention: ['alice'] }] }],
      routes: [{ chats: ['ops'], escalation: 'page' }],
    },
    {},
    null,
  );
  alerts = configuredAlertService(toRuntimeConfig(config), database.db, jobs, metrics);
});
afterAll(async () => {
  await jobs?.stop();
  await database?.close();
});

let fingerprints = 0;
async function open(): Promise<number> {
  const alert: NormalizedAlert = { status: 'firing', fingerprint: `f${++fingerprints}`, title: 'disk full', severity: 'critical', labels: { host: 'db1' }, annotations: {}, description: null, url: null, startsAt: new Date() };
  return (await alerts.ingest('am', [alert])).opened[0]!;
}
const noticeKeys = async (alertId: number) =>
  (await queryRows<{ key: string }>(database.db, sql`SELECT data->>'key' AS key FROM pgboss.job WHERE name = 'notice-post' AND (data->>'alertId')::int = ${alertId}`)).map((row) => row.key);
const counted = async (labels: { action: string; platform: string; outcome: string }) =>
  (await metrics.actions.get()).values.find((v) => v.labels.action === labels.action && v.labels.platform === labels.platform && v.labels.outcome === labels.outcome)?.value ?? 0;

describe('an escalation step', () => {
  it('is taken through the service, and the timeline gets the same event shape as a click', async () => {
    const id = await open();
    const before = await getAlert(database.db, id);
    const result = await alerts.stepDue({ alertId: id, generation: 1, index: 0 });
    expect(result).toMatchObject({ ok: true, event: 'escalated', duplicate: false });

    const after = await getAlert(database.db, id);
    expect(after!.version).toBe(before!.version + 1);
    expect(after!.escalation).toMatchObject({ generation: 1, next: 1, last: { index: 0, mentions: ['alice'] } });
    expect(await noticeKeys(id)).toEqual([`escalation-${id}-1-0-ops`]);

    await alerts.act({ alertId: id, action: { type: 'ack' }, actor: { name: 'bob', platform: 'lark', id: 'ou_bob' } });
    const [step, click] = (await getTimeline(database.db, id)).slice(-2);
    expect(step).toMatchObject({ type: 'escalated', actor: 'Gong', platform: 'system', details: { step: 1, round: 0, policy: 'page', mentions: ['alice'], notify: [] } });
    expect(Object.keys(step!).sort()).toEqual(Object.keys(click!).sort());
    expect(await counted({ action: 'escalate', platform: 'system', outcome: 'accepted' })).toBe(1);
  });

  it('is refused by the state machine once someone acknowledged the alert, and changes nothing', async () => {
    const id = await open();
    await alerts.act({ alertId: id, action: { type: 'ack' }, actor: { name: 'bob', platform: 'lark' } });
    const acked = await getAlert(database.db, id);

    const result = await alerts.stepDue({ alertId: id, generation: 1, index: 0 });
    expect(result).toMatchObject({ ok: false, code: 'refused', refusal: { code: 'alreadyAcknowledged', by: 'bob' } });
    expect(await getAlert(database.db, id)).toEqual(acked);
    expect((await getTimeline(database.db, id)).map((event) => event.type)).toEqual(['opened', 'acknowledged']);
    expect(await noticeKeys(id)).toEqual([]);
  });

  it('is taken once when its timer runs twice at the same moment', async () => {
    const id = await open();
    const results = await Promise.all([1, 2].map(() => alerts.stepDue({ alertId: id, generation: 1, index: 0 })));
    expect(results.map((result) => result?.ok).sort()).toEqual([false, true]);
    expect(results.find((result) => !result?.ok)).toMatchObject({ refusal: { code: 'alreadyHandled' } });
    expect((await getTimeline(database.db, id)).filter((event) => event.type === 'escalated')).toHaveLength(1);
  });
});

describe('a snooze running out', () => {
  it('is cleared through the service, with the silence ids, and refused for a snooze changed since', async () => {
    const id = await open();
    await alerts.act({ alertId: id, action: { type: 'snooze', durationMs: 60_000 }, actor: { name: 'bob', platform: 'lark' } });
    const until = (await getAlert(database.db, id))!.snoozedUntil!;
    await database.db.execute(sql`UPDATE alerts SET silence_ids = '{"1": "silence-1", "2": "silence-2"}' WHERE id = ${id}`);

    const early = await alerts.snoozeRanOut({ alertId: id, until: until.toISOString() }, new Date(until.getTime() - 1_000));
    expect(early).toMatchObject({ ok: false, refusal: { code: 'notSnoozed' } });

    const ended = await alerts.snoozeRanOut({ alertId: id, until: until.toISOString() }, new Date(until.getTime() + 1_000));
    expect(ended).toMatchObject({ ok: true, event: 'snooze-ended' });
    expect(await getAlert(database.db, id)).toMatchObject({ snoozedUntil: null, silenceIds: {} });
    expect((await getTimeline(database.db, id)).at(-1)).toMatchObject({ type: 'snooze-ended', actor: 'Gong', platform: 'system', details: { until: until.toISOString() } });
  });
});

describe('the source resolving an alert', () => {
  it('goes through the state machine: the timeline, the snooze lifted and the escalation ended, as a click would', async () => {
    const id = await open();
    await alerts.act({ alertId: id, action: { type: 'snooze', durationMs: 60_000 }, actor: { name: 'bob', platform: 'lark' } });
    const snoozed = await getAlert(database.db, id);
    const fingerprint = snoozed!.fingerprint;
    const result = await alerts.ingest('am', [{ status: 'resolved', fingerprint, title: 'disk full', severity: 'critical', labels: { host: 'db1' }, annotations: {}, description: null, url: null, startsAt: new Date() }]);
    expect(result.resolved).toEqual([id]);
    const resolved = await getAlert(database.db, id);
    expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: 'am', snoozedUntil: null, version: snoozed!.version + 1 });
    expect(resolved!.escalation!.generation).toBe(snoozed!.escalation!.generation + 1);
    expect((await getTimeline(database.db, id)).at(-1)).toMatchObject({ type: 'resolved', actor: 'am', platform: 'source', details: {} });
  });
});

describe('an alert joining an incident', () => {
  const member = (group: string, n: number): NormalizedAlert => ({
    status: 'firing', fingerprint: `${group}-${n}`, title: 'disk full', severity: 'critical', labels: { host: `db${n}` }, annotations: {}, description: null, url: null, startsAt: new Date(), group,
  });
  /** Every escalation timer and ack timeout ever queued for the incident. */
  const timers = async (alertId: number) =>
    (await queryRows<{ name: string; data: unknown; start_after: Date }>(database.db, sql`SELECT name, data, start_after FROM pgboss.job WHERE name IN ('escalation-step', 'ack-timeout') AND (data->>'alertId')::int = ${alertId} ORDER BY id`));
  /** Marks the stored policy snapshot, as a configuration edited since the incident opened would differ from it. */
  const markSnapshot = (alertId: number) => database.db.execute(sql`UPDATE alerts SET escalation = jsonb_set(escalation, '{policy,name}', '"page-as-opened"') WHERE id = ${alertId}`);

  it('leaves an acknowledged incident acknowledged, its escalation and its policy snapshot as they were', async () => {
    const id = (await alerts.ingest('am', [member('join-ack', 1)])).opened[0]!;
    await alerts.act({ alertId: id, action: { type: 'ack' }, actor: { name: 'bob', platform: 'lark' } });
    await markSnapshot(id);
    const acked = (await getAlert(database.db, id))!;
    const timersBefore = await timers(id);

    expect((await alerts.ingest('am', [member('join-ack', 2)])).joined).toEqual([id]);
    const joined = (await getAlert(database.db, id))!;
    expect(joined).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'bob', acknowledgedAt: acked.acknowledgedAt, alertCount: 2, firingCount: 2, version: acked.version + 1 });
    expect(joined.escalation).toEqual(acked.escalation);
    expect(joined.escalation!.policy.name).toBe('page-as-opened');
    expect(await timers(id)).toEqual(timersBefore);
    expect((await getTimeline(database.db, id)).map((event) => event.type)).toEqual(['opened', 'acknowledged', 'alerts-joined']);
  });

  it('does not restart the escalation of a triggered incident', async () => {
    const id = (await alerts.ingest('am', [member('join-open', 1)])).opened[0]!;
    await alerts.stepDue({ alertId: id, generation: 1, index: 0 });
    await markSnapshot(id);
    const escalated = (await getAlert(database.db, id))!;
    const timersBefore = await timers(id);

    expect((await alerts.ingest('am', [member('join-open', 2), member('join-open', 3)])).joined).toEqual([id]);
    const joined = (await getAlert(database.db, id))!;
    expect(joined).toMatchObject({ state: 'triggered', alertCount: 3, openedAt: escalated.openedAt });
    expect(joined.escalation).toEqual(escalated.escalation);
    expect(joined.escalation).toMatchObject({ next: 1, last: { index: 0 }, policy: { name: 'page-as-opened' } });
    expect(await timers(id)).toEqual(timersBefore);
  });
});
