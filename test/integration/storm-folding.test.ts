import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configuredAlertService } from '../../src/alerts/configured-service.js';
import { parseConfig } from '../../src/config/load.js';
import { toRuntimeConfig } from '../../src/config/runtime-config.js';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { summaryCounts } from '../../src/delivery/storm.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import type { NormalizedAlert } from '../../src/sources/normalized-alert.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

let database: Database;
let jobs: JobQueue;

beforeAll(async () => {
  database = await testDatabase();
  jobs = await startJobQueue(database, testLogger);
});
afterAll(async () => {
  await jobs?.stop();
  await database?.close();
});

function alert(n: number, labels: Record<string, string>, severity: NormalizedAlert['severity'] = 'warning'): NormalizedAlert {
  return { status: 'firing', fingerprint: `storm-${n}`, title: labels.alertname!, severity, labels, annotations: {}, description: null, url: null, startsAt: new Date() };
}

const cardJobs = async () => {
  const [row] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'card-deliver' AND data->>'chat' = 'robot'`);
  return Number(row!.n);
};

function stormService(threshold: number) {
  const config = toRuntimeConfig(
    parseConfig(
      {
        server: { adminToken: 'admin-token-0123456789' },
        chats: [{ name: 'robot', type: 'dingtalk-webhook', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=t', storm: { threshold, groupBy: ['cluster'] } }],
        routes: [
          { name: 'databases', match: ['team="db"'], chats: ['robot'], groupBy: ['alertname'] },
          { name: 'default', chats: ['robot'] },
        ],
      },
      { GONG_DATA_DIR: '/tmp' },
      null,
    ),
  );
  return configuredAlertService(config, database.db, jobs);
}

describe('storm folding as incidents are opened', () => {
  beforeEach(async () => {
    await database.db.execute(sql`TRUNCATE alerts, storm_summaries, rate_windows RESTART IDENTITY CASCADE`);
    await database.db.execute(sql`DELETE FROM pgboss.job`);
  });

  it('gives the minute’s free card slots to critical incidents and folds the rest by the chat’s storm.groupBy alone', async () => {
    const service = stormService(3);
    const batch = [
      // Two incidents: the route groups database alerts by alertname.
      ...Array.from({ length: 6 }, (_, i) => alert(i, { alertname: i % 2 ? 'SlowQuery' : 'ReplicaLag', team: 'db', cluster: 'prod' })),
      // Six incidents: no group-by, no source group, so each alert is its own.
      ...Array.from({ length: 6 }, (_, i) => alert(10 + i, { alertname: 'HighCPU', team: 'web', cluster: i % 2 ? 'prod' : 'staging' }, i < 2 ? 'critical' : 'warning')),
    ];
    const { opened } = await service.ingest('am', batch);
    expect(opened).toHaveLength(8);

    // Three cards (the threshold), both critical incidents among them; five folded, each exactly once.
    const carded = await queryRows<{ alert_id: number }>(database.db, sql`SELECT (data->>'alertId')::int AS alert_id FROM pgboss.job WHERE name = 'card-deliver' AND data->>'chat' = 'robot'`);
    expect(carded).toHaveLength(3);
    const severities = await queryRows<{ severity: string }>(database.db, sql`SELECT severity FROM alerts WHERE id = ANY(${`{${carded.map((c) => c.alert_id).join(',')}}`}::int[])`);
    expect(severities.filter((s) => s.severity === 'critical')).toHaveLength(2);
    const folded = await queryRows<{ id: number; group_key: string; n: number }>(
      database.db,
      sql`SELECT s.id, s.group_key, count(*)::int AS n FROM folded_alerts f JOIN storm_summaries s ON s.id = f.summary_id WHERE f.chat = 'robot' GROUP BY s.id, s.group_key ORDER BY s.group_key`,
    );
    expect(folded.reduce((sum, row) => sum + Number(row.n), 0)).toBe(5);
    // Keyed by the chat's cluster only: the route's alertname made the incidents, not the summaries.
    expect(folded.map((row) => row.group_key)).toEqual(['cluster=prod', 'cluster=staging']);
    const overlap = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM folded_alerts f WHERE f.alert_id = ANY(${`{${carded.map((c) => c.alert_id).join(',')}}`}::int[])`,
    );
    expect(Number(overlap[0]!.n)).toBe(0);
    // One refresh job per summary, however many incidents it took.
    const summaryJobs = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'storm-summary'`);
    expect(Number(summaryJobs[0]!.n)).toBe(folded.length);
    // The prod summary counts its incidents and their alerts (a folded database incident holds three).
    const prod = await summaryCounts(database.db, folded[0]!.id);
    const [held] = await queryRows<{ incidents: number; alerts: number }>(
      database.db,
      sql`SELECT count(*)::int AS incidents, sum(a.alert_count)::int AS alerts FROM folded_alerts f JOIN alerts a ON a.id = f.alert_id WHERE f.summary_id = ${folded[0]!.id}`,
    );
    expect(prod.total).toBe(Number(held!.incidents));
    expect(prod.alerts).toBe(Number(held!.alerts));
    expect(prod.alerts).toBeGreaterThan(prod.total);

    // An alert joining an open incident is no arrival: no card, no fold, its incident's card shows it.
    const joined = await service.ingest('am', [alert(20, { alertname: 'SlowQuery', team: 'db', cluster: 'prod' }, 'critical')]);
    expect(joined.opened).toEqual([]);
    expect(joined.joined).toHaveLength(1);
    expect(await cardJobs()).toBe(3);
    // The minute is spent: a new incident is folded whole, into the same summary.
    await service.ingest('am', [alert(21, { alertname: 'DiskFull', team: 'web', cluster: 'prod' }, 'critical')]);
    expect(await cardJobs()).toBe(3);
    const summaries = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM storm_summaries WHERE chat = 'robot'`);
    expect(Number(summaries[0]!.n)).toBe(folded.length);
  });

  it('turns a storm of many alerts in a few groups into a few live cards, not a summary', async () => {
    const service = stormService(3);
    const batch = Array.from({ length: 300 }, (_, i) => alert(100 + i, { alertname: i % 2 ? 'SlowQuery' : 'ReplicaLag', team: 'db', cluster: 'prod', instance: `db-${i}` }));
    const { opened } = await service.ingest('am', batch);
    expect(opened).toHaveLength(2);
    expect(await cardJobs()).toBe(2);
    const summaries = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM storm_summaries`);
    expect(Number(summaries[0]!.n)).toBe(0);
  });
});
