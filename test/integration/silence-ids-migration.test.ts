import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { queryRows } from '../../src/db/rows.js';
import { testDatabase } from '../helpers/database.js';

/** The migrations as they were before one: the journal cut before `tag`. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'gong-migrations-'));
  cpSync('drizzle', folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((entry) => entry.tag === tag));
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

let database: Database;
let folder: string;

beforeAll(async () => {
  folder = migrationsBefore('0010_silence-ids');
  if (process.env.TEST_DATABASE_URL) {
    // testDatabase migrates fully; this test needs the schema as it was, so it starts from an empty one.
    database = await testDatabase();
    await database.db.execute(sql`DROP SCHEMA public CASCADE; DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public`);
  } else {
    database = await openDatabase({ dataDir: 'memory://' });
  }
});
afterAll(async () => {
  await database.close();
  rmSync(folder, { recursive: true, force: true });
});

it('keeps the silence an incident held, as the silence of its one alert', async () => {
  const run = database.kind === 'pglite' ? migratePglite : migratePostgres;
  await run(database.db as never, { migrationsFolder: folder });
  await database.db.execute(sql`INSERT INTO alerts (id, source, fingerprint, group_key, state, title, severity, labels, annotations, starts_at, opened_at, last_seen_at, snoozed_until, silence_id)
    VALUES (3, 'am', 'fp-snoozed', 'fingerprint:fp-snoozed', 'triggered', 'DiskFull', 'critical', '{"alertname":"DiskFull"}', '{}', now(), now(), now(), now() + interval '1 hour', 'silence-abc'),
           (4, 'am', 'fp-plain', 'fingerprint:fp-plain', 'triggered', 'HighCPU', 'warning', '{"alertname":"HighCPU"}', '{}', now(), now(), now(), NULL, NULL)`);

  await migrate(database);

  const rows = await queryRows<{ id: number; silence_ids: Record<string, string> }>(database.db, sql`SELECT id, silence_ids FROM alerts ORDER BY id`);
  expect(rows).toEqual([
    { id: 3, silence_ids: { '3': 'silence-abc' } },
    { id: 4, silence_ids: {} },
  ]);
});
