import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act } from '../../src/alerts/act.js';
import { ingestBatch } from '../../src/alerts/ingest.js';
import { getAlert, getTimeline, listAlerts } from '../../src/alerts/queries.js';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { cards } from '../../src/db/schema.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

let database: Database;
let jobs: JobQueue;
const timeZone = 'Asia/Shanghai';

beforeAll(async () => {
  database = await testDatabase();
  jobs = await startJobQueue(database, testLogger);
});
afterAll(async () => {
  await jobs.stop();
  await database.close();
});

function alert(fingerprint: string, status: 'firing' | 'resolved' = 'firing'): NormalizedAlert {
  return {
    status,
    fingerprint,
    title: `Alert ${fingerprint}`,
    severity: 'critical',
    labels: { alertname: fingerprint },
    annotations: {},
    description: null,
    url: null,
    startsAt: new Date(),
  };
}

const countJobs = async (name: string) =>
  (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${name}`))[0]!.n;

describe('ingest', () => {
  it('opens, repeats and resolves with timeline and jobs', async () => {
    const deps = { db: database.db, jobs, route: () => ['ops', 'dev'] };
    const deliveriesBefore = await countJobs('card-deliver');
    const first = await ingestBatch(deps, 'am', [alert('a'), alert('b'), alert('a')]);
    expect(first.opened).toHaveLength(2);
    const [a] = first.opened;
    expect((await getAlert(database.db, a!))?.count).toBe(2);

    const again = await ingestBatch(deps, 'am', [alert('a')]);
    expect(again).toEqual({ opened: [], repeated: [a], joined: [], resolved: [], unknownResolved: [] });
    expect((await getAlert(database.db, a!))?.count).toBe(3);

    const closed = await ingestBatch(deps, 'am', [alert('a', 'resolved')]);
    expect(closed.resolved).toEqual([a]);
    const row = await getAlert(database.db, a!);
    expect(row).toMatchObject({ state: 'resolved', resolvedBy: 'am', version: 2 });
    expect((await getTimeline(database.db, a!)).map((e) => e.type)).toEqual(['opened', 'resolved']);
    // A resolve repeated is nothing new; one for an alert never seen is named, and changes nothing.
    const repeated = await ingestBatch(deps, 'am', [alert('a', 'resolved'), alert('never-seen', 'resolved')]);
    expect(repeated).toEqual({ opened: [], repeated: [], joined: [], resolved: [], unknownResolved: ['never-seen'] });
    // Two new alerts, each routed to two chats; no card was posted yet, so the resolve updates none.
    expect(await countJobs('card-deliver')).toBe(deliveriesBefore + 4);

    const reopened = await ingestBatch(deps, 'am', [alert('a')]);
    expect(reopened.opened).toHaveLength(1);
    expect(reopened.opened[0]).not.toBe(a);
  });

  it('takes concurrent webhooks with shared fingerprints without deadlocks or lost counts', async () => {
    const deps = { db: database.db, jobs, route: () => [] };
    const prints = Array.from({ length: 20 }, (_, i) => `shared-${i}`);
    // Each webhook lists the same fingerprints in its own order: the classic deadlock shape.
    const batches = Array.from({ length: 8 }, (_, b) => [...prints].sort(() => (b % 2 ? 1 : -1) * 0.5 - Math.random()).map((p) => alert(p)));
    const results = await Promise.all(batches.map((batch) => ingestBatch(deps, 'concurrent', batch)));
    expect(results.flatMap((r) => r.opened)).toHaveLength(20);
    const counts = await queryRows<{ total: number }>(database.db, sql`SELECT sum(count)::int AS total FROM alerts WHERE source = 'concurrent'`);
    expect(counts[0]!.total).toBe(8 * 20);
  });

  it('rolls the jobs back with the transaction', async () => {
    const before = await countJobs('card-update');
    await expect(
      database.db.transaction(async (tx) => {
        await jobs.enqueue(tx, [{ name: 'card-update', data: { alertId: 1, chat: 'ops' }, singletonKey: 'x' }]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await countJobs('card-update')).toBe(before);
  });
});

describe('act', () => {
  it('acks once, refuses the second ack and dedupes redelivery', async () => {
    const deps = { db: database.db, jobs, timeZone };
    const { opened } = await ingestBatch({ db: database.db, jobs, route: () => ['ops', 'dev'] }, 'am', [alert('c')]);
    const id = opened[0]!;
    const alice = { name: 'alice', platform: 'dingtalk' as const, id: 'u1' };
    const now = new Date('2026-01-01T02:02:00Z');
    const first = await act(deps, { alertId: id, action: { type: 'ack' }, actor: alice, dedupeKey: 'k1' }, now);
    expect(first).toMatchObject({ ok: true, event: 'acknowledged', duplicate: false });
    const redelivered = await act(deps, { alertId: id, action: { type: 'ack' }, actor: alice, dedupeKey: 'k1' });
    expect(redelivered).toMatchObject({ ok: true, duplicate: true });
    const bob = await act(deps, { alertId: id, action: { type: 'ack' }, actor: { name: 'bob', platform: 'lark' } });
    expect(bob).toMatchObject({ ok: false, refusal: { code: 'alreadyAcknowledged', by: 'alice', at: now }, reason: 'already acknowledged by alice at 10:02' });
    // A redelivered refused action gets the first refusal again, its time intact for any language.
    const carol = { name: 'carol', platform: 'lark' as const };
    await act(deps, { alertId: id, action: { type: 'ack' }, actor: carol, dedupeKey: 'k2' });
    const again = await act(deps, { alertId: id, action: { type: 'ack' }, actor: carol, dedupeKey: 'k2' });
    expect(again).toMatchObject({ ok: false, duplicate: true, refusal: { code: 'alreadyAcknowledged', by: 'alice', at: now } });
    expect((await getTimeline(database.db, id)).map((e) => e.type)).toEqual(['opened', 'acknowledged']);
    expect((await getAlert(database.db, id))?.version).toBe(2);
  });

  it('serializes concurrent acks: exactly one wins', async () => {
    const deps = { db: database.db, jobs, timeZone };
    const { opened } = await ingestBatch({ db: database.db, jobs, route: () => ['ops', 'dev'] }, 'am', [alert('d')]);
    const id = opened[0]!;
    const results = await Promise.all(
      ['dingtalk', 'lark', 'api'].map((platform) =>
        act(deps, { alertId: id, action: { type: 'ack' }, actor: { name: platform, platform: platform as 'api' } }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.reason.startsWith('already acknowledged by'))).toBe(true);
  });

  it('queues an update for every other posted card of the alert', async () => {
    const deps = { db: database.db, jobs, timeZone };
    const { opened } = await ingestBatch({ db: database.db, jobs, route: () => [] }, 'am', [alert('e')]);
    const id = opened[0]!;
    await database.db.insert(cards).values(['ops', 'dev', 'sre'].map((chat) => ({ alertId: id, chat, platform: 'lark', ref: `m-${chat}`, renderedVersion: 1 })));
    const keys = async () =>
      (await queryRows<{ k: string }>(database.db, sql`SELECT singleton_key AS k FROM pgboss.job WHERE name = 'card-update' AND data->>'alertId' = ${String(id)} ORDER BY 1`)).map((r) => r.k);
    await act(deps, { alertId: id, action: { type: 'ack' }, actor: { name: 'x', platform: 'lark' }, origin: { chat: 'ops', receivedAt: Date.now(), answerWithinMs: 3_000 } });
    // The clicked card gets only the check after Lark's deadline, under a key of its own.
    expect(await keys()).toEqual([`${id}:dev`, `${id}:ops:after-click`, `${id}:sre`]);
    // A second change before the workers ran coalesces into the jobs already waiting.
    await act(deps, { alertId: id, action: { type: 'resolve' }, actor: { name: 'x', platform: 'api' } });
    expect(await keys()).toEqual([`${id}:dev`, `${id}:ops`, `${id}:ops:after-click`, `${id}:sre`]);
  });

  it('counts the clicked card as redrawn only when the answer is ready well within the platform\'s wait', async () => {
    const deps = { db: database.db, jobs, timeZone };
    const { opened } = await ingestBatch({ db: database.db, jobs, route: () => [] }, 'am', [alert('click-early'), alert('click-late')]);
    await database.db.insert(cards).values(opened.map((alertId) => ({ alertId, chat: 'ops', platform: 'dingtalk', ref: `t-${alertId}`, renderedVersion: 1 })));
    const [early, late] = opened as [number, number];
    const now = Date.now();
    await act(deps, { alertId: early, action: { type: 'ack' }, actor: { name: 'x', platform: 'dingtalk' }, origin: { chat: 'ops', receivedAt: now, answerWithinMs: 2_000 } });
    // Received 1.5 s ago: DingTalk waits 2 s, too close to count on the answer.
    await act(deps, { alertId: late, action: { type: 'ack' }, actor: { name: 'x', platform: 'dingtalk' }, origin: { chat: 'ops', receivedAt: now - 1_500, answerWithinMs: 2_000 } });
    const rows = await queryRows<{ id: number; version: number; rendered: number; starts_at: number }>(
      database.db,
      sql`SELECT a.id, a.version, c.rendered_version AS rendered,
            (SELECT EXTRACT(EPOCH FROM j.start_after) * 1000 FROM pgboss.job j
              WHERE j.name = 'card-update' AND j.singleton_key = a.id || ':ops:after-click') AS starts_at
          FROM alerts a JOIN cards c ON c.alert_id = a.id WHERE a.id IN (${early}, ${late}) ORDER BY a.id`,
    );
    expect(rows.map((r) => [Number(r.id), Number(r.version), Number(r.rendered)])).toEqual([
      [early, 2, 2],
      [late, 2, 1],
    ]);
    // Each card's check starts after DingTalk's deadline for its click has passed.
    expect(Number(rows[0]!.starts_at)).toBeGreaterThan(now + 2_000);
    expect(Number(rows[1]!.starts_at)).toBeGreaterThan(now - 1_500 + 2_000);
  });

  it('answers not_found for an unknown alert', async () => {
    const result = await act({ db: database.db, jobs, timeZone }, { alertId: 999_999, action: { type: 'ack' }, actor: { name: 'x', platform: 'api' } });
    expect(result).toEqual({ ok: false, code: 'not_found', reason: 'there is no alert #999999' });
  });

  it('lists newest first with cursor and search', async () => {
    const page = await listAlerts(database.db, { limit: 2 });
    expect(page.alerts).toHaveLength(2);
    expect(page.alerts[0]!.id).toBeGreaterThan(page.alerts[1]!.id);
    const next = await listAlerts(database.db, { limit: 2, cursor: page.nextCursor! });
    expect(next.alerts[0]!.id).toBeLessThan(page.alerts[1]!.id);
    const found = await listAlerts(database.db, { q: 'Alert d' });
    expect(found.alerts.map((a) => a.fingerprint)).toEqual(['d']);
  });
});
