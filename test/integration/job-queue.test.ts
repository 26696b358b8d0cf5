import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { Deferral } from '../../src/shared/deferral.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import { QUEUES } from '../../src/db/queues.js';
import { waitFor } from '../helpers/gong.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

let database: Database;
let jobs: JobQueue;

beforeAll(async () => {
  database = await testDatabase();
  jobs = await startJobQueue(database, testLogger, { pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await jobs?.stop();
  await database?.close();
});

// A deferral completes the job and inserts its successor in one of our transactions, through the
// executor pg-boss writes with: on both databases it must run again once, carrying the deferral's
// data, and never count as a failure (which would hand the job to pg-boss's slower retry).
it('runs a deferred job again once, with the data the deferral carried, and records no failure', async () => {
  const runs: { attempt?: number }[] = [];
  await jobs.work<{ attempt?: number }>(QUEUES.dailyStats, async (data) => {
    runs.push(data);
    if (data.attempt === undefined) throw new Deferral(50, 'retry', { attempt: 1 });
  });
  await database.db.transaction((tx) => jobs.enqueue(tx, [{ name: QUEUES.dailyStats, data: {} }]));

  await waitFor('the deferred run', async () => (runs.length >= 2 ? true : undefined));
  await waitFor('both jobs completed', async () =>
    (
      await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${QUEUES.dailyStats} AND state = 'completed'`)
    )[0]!.n === 2
      ? true
      : undefined,
  );
  const states = await queryRows<{ state: string; output: { deferred?: string } | null }>(
    database.db,
    sql`SELECT state, output FROM pgboss.job WHERE name = ${QUEUES.dailyStats} ORDER BY created_on`,
  );
  expect(runs).toEqual([{}, { attempt: 1 }]);
  expect(states[0]!.output?.deferred).toMatch(/deferred 50 ms \(retry\)/);
  expect(states.every((s) => s.state !== 'retry' && s.state !== 'failed')).toBe(true);
});
