import { sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { queryRows } from '../../src/db/rows.js';
import { createServerDatabase } from '../helpers/gong.js';

// A race between processes on one PostgreSQL server: it exists only there, so this test uses the
// server (CI starts it for both runs of the suite), not the embedded database.
const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const opened: Database[] = [];
let drop: (() => Promise<void>) | undefined;

afterAll(async () => {
  for (const database of opened) await database.close();
  await drop?.();
});

it('lets Gong processes starting together on a fresh PostgreSQL migrate it, one after the other', async () => {
  const fresh = await createServerDatabase(SERVER, 'gong_migrate');
  drop = fresh.drop;
  for (let i = 0; i < 4; i++) opened.push(await openDatabase({ url: fresh.url, dataDir: 'unused', poolSize: 2 }));
  const outcomes = await Promise.allSettled(opened.map((database) => migrate(database)));
  expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => String((outcome as PromiseRejectedResult).reason))).toEqual([]);
  const [applied] = await queryRows<{ n: number }>(opened[0]!.db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
  const [incidents] = await queryRows<{ n: number }>(opened[0]!.db, sql`SELECT count(*)::int AS n FROM incident_alerts`);
  expect(Number(applied!.n)).toBeGreaterThanOrEqual(12);
  expect(Number(incidents!.n)).toBe(0);
});
