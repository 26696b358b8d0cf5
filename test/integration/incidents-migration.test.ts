import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAlertService } from '../../src/alerts/service.js';
import { type Database, openDatabase } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { queryRows } from '../../src/db/rows.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

/** The migrations as they were before incidents: the journal cut before `0009_incidents`. */
function migrationsBeforeIncidents(): string {
  const folder = mkdtempSync(join(tmpdir(), 'gong-migrations-'));
  cpSync('drizzle', folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((entry) => entry.tag === '0009_incidents');
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

let database: Database;
let jobs: JobQueue | undefined;
let folder: string;

beforeAll(async () => {
  folder = migrationsBeforeIncidents();
  // testDatabase migrates fully; this test needs the schema as it was, so it starts from an empty one.
  database = process.env.TEST_DATABASE_URL ? await emptyServerDatabase() : await openDatabase({ dataDir: 'memory://' });
});
afterAll(async () => {
  await jobs?.stop();
  await database.close();
  rmSync(folder, { recursive: true, force: true });
});

async function emptyServerDatabase(): Promise<Database> {
  const migrated = await testDatabase();
  await migrated.db.execute(sql`DROP SCHEMA public CASCADE; DROP SCHEMA IF EXISTS drizzle CASCADE; DROP SCHEMA IF EXISTS pgboss CASCADE; CREATE SCHEMA public`);
  return migrated;
}

it('existing alerts become one incident each, with one alert inside, and nothing is lost', async () => {
  const run = database.kind === 'pglite' ? migratePglite : migratePostgres;
  await run(database.db as never, { migrationsFolder: folder });
  await database.db.execute(sql`INSERT INTO alerts (id, source, fingerprint, state, title, severity, labels, annotations, count, starts_at, opened_at, last_seen_at, resolved_at, resolved_by, acknowledged_by)
    VALUES (7, 'am', 'fp-open', 'acknowledged', 'DiskFull', 'critical', '{"alertname":"DiskFull","host":"db-1"}', '{"summary":"92%"}', 4, now(), now(), now(), NULL, NULL, 'bob'),
           (9, 'am', 'fp-done', 'resolved', 'HighCPU', 'warning', '{"alertname":"HighCPU"}', '{}', 1, now(), now(), now(), now(), 'am', NULL)`);
  await database.db.execute(sql`SELECT setval(pg_get_serial_sequence('alerts', 'id'), 9)`);

  await migrate(database);

  const incidents = await queryRows<{ id: number; group_key: string; alert_count: number; firing_count: number; common_labels: Record<string, string>; state: string }>(
    database.db,
    sql`SELECT id, group_key, alert_count, firing_count, common_labels, state FROM alerts ORDER BY id`,
  );
  expect(incidents).toEqual([
    { id: 7, group_key: 'fingerprint:fp-open', alert_count: 1, firing_count: 1, common_labels: { alertname: 'DiskFull', host: 'db-1' }, state: 'acknowledged' },
    { id: 9, group_key: 'fingerprint:fp-done', alert_count: 1, firing_count: 0, common_labels: { alertname: 'HighCPU' }, state: 'resolved' },
  ]);
  const members = await queryRows<{ id: number; incident_id: number; fingerprint: string; status: string; count: number; annotations: Record<string, string> }>(
    database.db,
    sql`SELECT id, incident_id, fingerprint, status, count, annotations FROM incident_alerts ORDER BY id`,
  );
  expect(members).toEqual([
    { id: 7, incident_id: 7, fingerprint: 'fp-open', status: 'firing', count: 4, annotations: { summary: '92%' } },
    { id: 9, incident_id: 9, fingerprint: 'fp-done', status: 'resolved', count: 1, annotations: {} },
  ]);

  // The migrated incident takes its alert's next notification, and new ones get fresh ids.
  jobs = await startJobQueue(database, testLogger);
  const service = createAlertService({ db: database.db, jobs, timeZone: 'UTC', route: () => [] });
  const base = { title: 'DiskFull', severity: 'critical' as const, annotations: {}, description: null, url: null, startsAt: new Date() };
  const result = await service.ingest('am', [
    { ...base, status: 'firing', fingerprint: 'fp-open', labels: { alertname: 'DiskFull', host: 'db-1' } },
    { ...base, status: 'firing', fingerprint: 'fp-new', labels: { alertname: 'DiskFull', host: 'db-2' } },
  ]);
  expect(result.repeated).toEqual([7]);
  expect(result.opened).toHaveLength(1);
  expect(result.opened[0]).toBeGreaterThan(9);
  expect((await service.incidentAlerts(result.opened[0]!)).alerts[0]!.id).toBeGreaterThan(9);
});
