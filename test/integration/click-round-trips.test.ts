import { connect, type Socket } from 'node:net';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, type ActRequest } from '../../src/alerts/act.js';
import { ingestBatch } from '../../src/alerts/ingest.js';
import { type Database, type Db, openDatabase, postgresDb } from '../../src/db/client.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import { migrate } from '../../src/db/migrate.js';
import { queryRows } from '../../src/db/rows.js';
import { cards } from '../../src/db/schema.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';
import { waitFor } from '../helpers/gong.js';
import { createIdentifyActor } from '../../src/people/identify-actor.js';

/**
 * What one click costs the database, counted on the real client: the statements Gong sends and,
 * on PostgreSQL, the writes to the socket that wait for an answer (round trips). A change that
 * adds a statement or a round trip to the click path fails here, before it shows in a benchmark.
 */

let database: Database;
let jobs: JobQueue;
/** Gong's queries on a client whose statements (and on PostgreSQL, socket writes) are counted. */
let counted: Db;
let endCounted: () => Promise<void> = async () => {};
const count = { statements: 0, writes: 0 };
const onPostgres = process.env.TEST_DATABASE_URL !== undefined;

/** A socket that counts the writes that end in a wait for the server (a Sync or a simple Query). */
function countingSocket(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port || 5432), url.hostname);
    const write = socket.write.bind(socket) as (chunk: Buffer, ...rest: unknown[]) => boolean;
    socket.write = ((chunk: Buffer, ...rest: unknown[]) => {
      if (Buffer.isBuffer(chunk) && waitsForAnswer(chunk)) count.writes += 1;
      return write(chunk, ...rest);
    }) as Socket['write'];
    socket.once('connect', () => resolve(socket)).once('error', reject);
  });
}

/** Whether a chunk of frontend messages holds a Sync ('S'), a Flush ('H', a describe waiting for its answer) or a simple Query ('Q'). */
function waitsForAnswer(chunk: Buffer): boolean {
  let offset = 0;
  while (chunk.length - offset >= 5) {
    const type = chunk[offset]!;
    // A startup message has no type byte: it does not wait for a query's answer.
    if (type === 0) return false;
    if (type === 0x53 || type === 0x51 || type === 0x48) return true;
    offset += 1 + chunk.readInt32BE(offset + 1);
  }
  return false;
}

beforeAll(async () => {
  const onQuery = () => {
    count.statements += 1;
  };
  if (onPostgres) {
    database = await testDatabase();
    const url = new URL((database as Database & { url: string }).url);
    // One connection: every statement of the test goes over it, prepared once.
    // postgres.js takes a socket factory (`socket`), which its types do not declare.
    const client = postgres(url.toString(), { max: 1, onnotice: () => {}, socket: () => countingSocket(url) } as postgres.Options<Record<string, never>>);
    counted = postgresDb(client, onQuery);
    endCounted = () => client.end({ timeout: 5 });
  } else {
    database = await openDatabase({ dataDir: 'memory://', onQuery });
    await migrate(database);
    counted = database.db;
  }
  jobs = await startJobQueue(database, testLogger);
});

afterAll(async () => {
  await jobs?.stop();
  await endCounted();
  await database?.close();
});

const timeZone = 'Asia/Shanghai';

/** An alert with a card in `ops` (where the clicks come from) and one in `dev`. */
async function carded(fingerprint: string): Promise<number> {
  const { opened } = await ingestBatch({ db: database.db, jobs, route: () => [] }, 'am', [
    { status: 'firing', fingerprint, title: fingerprint, severity: 'critical', labels: { alertname: fingerprint }, annotations: {}, description: null, url: null, startsAt: new Date() },
  ]);
  const alertId = opened[0]!;
  await database.db.insert(cards).values([
    { alertId, chat: 'ops', platform: 'lark', ref: `om_${fingerprint}_ops`, renderedVersion: 1 },
    { alertId, chat: 'dev', platform: 'lark', ref: `om_${fingerprint}_dev`, renderedVersion: 1 },
  ]);
  return alertId;
}

const click = (alertId: number, key: string, type: 'ack' | 'unack' = 'ack'): ActRequest => ({
  alertId,
  action: { type },
  actor: { name: 'Alice', platform: 'lark', id: 'ou_alice' },
  dedupeKey: `lark:${key}`,
  origin: { chat: 'ops', receivedAt: Date.now(), answerWithinMs: 3_000 },
});

async function measured<T>(run: () => Promise<T>): Promise<{ result: T; statements: number; writes: number }> {
  const before = { ...count };
  const result = await run();
  return { result, statements: count.statements - before.statements, writes: count.writes - before.writes };
}

describe('a click on the database', () => {
  it('acts in a few statements and round trips: state, timeline, answer and every job in one transaction', async () => {
    // Warm: the statements are prepared on the connection once, as in a running Gong.
    const warm = await carded('warm');
    await act({ db: counted, jobs, timeZone }, click(warm, 'warm-1'));
    await act({ db: counted, jobs, timeZone }, click(warm, 'warm-2', 'unack'));

    const alertId = await carded('counted');
    const { result, statements, writes } = await measured(() => act({ db: counted, jobs, timeZone }, click(alertId, 'counted-1')));
    expect(result).toMatchObject({ ok: true, event: 'acknowledged', duplicate: false });
    // The lock (with the key's earlier answer), then update, timeline, cards to refresh, storm
    // summaries, the answer kept for redeliveries, the clicked card's bookkeeping, then all the jobs.
    expect(statements).toBeLessThanOrEqual(8);
    // BEGIN, the lock, the writes sent together, the jobs, COMMIT.
    if (onPostgres) expect(writes).toBeLessThanOrEqual(5);

    // All of it committed: the dev card's update, the clicked card's check, the timeline event.
    const jobRows = await queryRows<{ key: string }>(
      database.db,
      sql`SELECT singleton_key AS key FROM pgboss.job WHERE name = 'card-update' AND data->>'alertId' = ${String(alertId)} ORDER BY singleton_key`,
    );
    expect(jobRows.map((row) => row.key)).toEqual([`${alertId}:dev`, `${alertId}:ops:after-click`]);
    const events = await queryRows<{ type: string }>(database.db, sql`SELECT type FROM alert_events WHERE alert_id = ${alertId} AND type = 'acknowledged'`);
    expect(events).toHaveLength(1);
  });

  it('answers a redelivered click as the first time, in fewer statements, changing nothing', async () => {
    const alertId = await carded('again');
    await act({ db: counted, jobs, timeZone }, click(alertId, 'again-1'));
    const { result, statements } = await measured(() => act({ db: counted, jobs, timeZone }, click(alertId, 'again-1')));
    expect(result).toMatchObject({ ok: true, event: 'acknowledged', duplicate: true });
    // The lock with the stored answer, the clicked card's bookkeeping, its check.
    expect(statements).toBeLessThanOrEqual(3);
    const events = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM alert_events WHERE alert_id = ${alertId} AND type = 'acknowledged'`);
    expect(Number(events[0]!.n)).toBe(1);
  });

  it('answers a click and its redelivery arriving together once each, with one transition', async () => {
    const alertId = await carded('together');
    const request = click(alertId, 'together-1');
    // Two connections (the test's pool and the counted one), so on PostgreSQL the two really race.
    const answers = await Promise.all([act({ db: database.db, jobs, timeZone }, request), act({ db: counted, jobs, timeZone }, request)]);
    expect(answers.map((a) => a.ok)).toEqual([true, true]);
    expect(answers.map((a) => (a.ok ? a.duplicate : null)).sort()).toEqual([false, true]);
    const events = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM alert_events WHERE alert_id = ${alertId} AND type = 'acknowledged'`);
    expect(Number(events[0]!.n)).toBe(1);
  });

  it('knows who clicked in one statement, and writes a person down again only when something changed', async () => {
    const identify = createIdentifyActor(counted, [], testLogger);
    const alice = { name: 'Alice', platform: 'lark' as const, app: 'default', id: 'ou_bob', contact: { unionId: 'on_bob' } };
    const first = await measured(() => identify(alice));
    expect(first.result.name).toBe('Alice');
    // The look-up, and the person written down beside the answer.
    expect(first.statements).toBe(2);
    await waitFor('the person written down', async () => ((await queryRows(database.db, sql`SELECT 1 FROM people WHERE platform_id = 'ou_bob'`)).length > 0 ? true : undefined));
    const again = await measured(() => identify(alice));
    expect(again.statements).toBe(1);
    const renamed = await measured(() => identify({ ...alice, name: 'Bob' }));
    expect(renamed.result.name).toBe('Bob');
    expect(renamed.statements).toBe(2);
  });
});
