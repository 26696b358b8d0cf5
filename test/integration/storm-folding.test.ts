import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configuredAlertService } from '../../src/alerts/configured-service.js';
import { parseConfig } from '../../src/config/load.js';
import { toRuntimeConfig } from '../../src/config/runtime-config.js';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
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

describe('storm folding as alerts are stored', () => {
  it('gives the minute’s free card slots to critical alerts and folds the rest by the route’s group-by, else the chat’s', async () => {
    const config = toRuntimeConfig(
      parseConfig(
        {
          server: { adminToken: 'admin-token-0123456789' },
          chats: [{ name: 'robot', type: 'dingtalk-webhook', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=t', storm: { threshold: 3, groupBy: ['cluster'] } }],
          routes: [
            { name: 'databases', match: ['team="db"'], chats: ['robot'], groupBy: ['alertname'] },
            { name: 'default', chats: ['robot'] },
          ],
        },
        { GONG_DATA_DIR: '/tmp' },
        null,
      ),
    );
    const service = configuredAlertService(config, database.db, jobs);
    const batch = [
      ...Array.from({ length: 6 }, (_, i) => alert(i, { alertname: i % 2 ? 'SlowQuery' : 'ReplicaLag', team: 'db', cluster: 'prod' })),
      ...Array.from({ length: 6 }, (_, i) => alert(10 + i, { alertname: 'HighCPU', team: 'web', cluster: i % 2 ? 'prod' : 'staging' }, i < 2 ? 'critical' : 'warning')),
    ];
    const { opened } = await service.ingest('am', batch);
    expect(opened).toHaveLength(12);

    // Three cards (the threshold), both critical alerts among them; nine folded, each exactly once.
    const carded = await queryRows<{ alert_id: number }>(database.db, sql`SELECT (data->>'alertId')::int AS alert_id FROM pgboss.job WHERE name = 'card-deliver' AND data->>'chat' = 'robot'`);
    expect(carded).toHaveLength(3);
    const severities = await queryRows<{ severity: string }>(database.db, sql`SELECT severity FROM alerts WHERE id = ANY(${`{${carded.map((c) => c.alert_id).join(',')}}`}::int[])`);
    expect(severities.filter((s) => s.severity === 'critical')).toHaveLength(2);
    const folded = await queryRows<{ group_key: string; n: number }>(
      database.db,
      sql`SELECT s.group_key, count(*)::int AS n FROM folded_alerts f JOIN storm_summaries s ON s.id = f.summary_id WHERE f.chat = 'robot' GROUP BY s.group_key ORDER BY s.group_key`,
    );
    expect(folded.reduce((sum, row) => sum + Number(row.n), 0)).toBe(9);
    // Database alerts by alertname (their route's), the others by cluster (the chat's).
    expect(folded.map((row) => row.group_key).sort()).toEqual(expect.arrayContaining(['alertname=ReplicaLag', 'alertname=SlowQuery']));
    expect(folded.every((row) => /^(alertname=(ReplicaLag|SlowQuery)|cluster=(prod|staging))$/.test(row.group_key))).toBe(true);
    const overlap = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM folded_alerts f WHERE f.alert_id = ANY(${`{${carded.map((c) => c.alert_id).join(',')}}`}::int[])`,
    );
    expect(Number(overlap[0]!.n)).toBe(0);
    // One refresh job per summary, however many alerts it took.
    const summaryJobs = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'storm-summary'`);
    expect(Number(summaryJobs[0]!.n)).toBe(folded.length);

    // The minute is spent: the next batch is folded whole, into the same summaries.
    await service.ingest('am', [alert(20, { alertname: 'SlowQuery', team: 'db', cluster: 'prod' }, 'critical')]);
    const again = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'card-deliver'`);
    expect(Number(again[0]!.n)).toBe(3);
    const summaries = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM storm_summaries WHERE chat = 'robot'`);
    expect(Number(summaries[0]!.n)).toBe(folded.length);
  });
});
