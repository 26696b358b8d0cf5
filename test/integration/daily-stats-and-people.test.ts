import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBatch } from '../../src/alerts/ingest.js';
import { parseConfig } from '../../src/config/load.js';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { postDailyStats, scheduleDailyStats } from '../../src/jobs/daily-stats.js';
import { type JobQueue, startJobQueue } from '../../src/db/job-queue.js';
import { linkPerson } from '../../src/people/link.js';
import { resolveMentions } from '../../src/people/mentions.js';
import { identifyPerson } from '../../src/people/identify.js';
import type { SeenPerson } from '../../src/people/match-user.js';
import { rememberPerson } from '../../src/people/remember.js';
import type { UserConfig } from '../../src/config/routing-schema.js';
import type { AlertChannel, Notice } from '../../src/cards/channel.js';
import { testDatabase } from '../helpers/database.js';
import { testLogger } from '../helpers/logger.js';

let database: Database;
let jobs: JobQueue;

beforeAll(async () => {
  database = await testDatabase();
  jobs = await startJobQueue(database, testLogger);
});
afterAll(async () => {
  await jobs.stop();
  await database.close();
});

const config = parseConfig(
  {
    timezone: 'Asia/Shanghai',
    chats: [
      { name: 'ops', type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', dailyStats: '09:00,18:00' },
      { name: 'quiet', type: 'lark-webhook', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/y' },
    ],
  },
  {},
  null,
);

function recordingChannel(posted: { notice: Notice; key: string }[]): AlertChannel {
  return {
    chat: 'ops',
    kind: 'lark-webhook',
    postAlert: async () => 'ref',
    updateAlert: async () => {},
    postNotice: async (notice, key) => {
      posted.push({ notice, key });
      return `notice-${posted.length}`;
    },
  };
}

const dailyJobs = async () =>
  queryRows<{ data: { chat: string; clock: string }; at: string }>(database.db, sql`SELECT data, to_char(start_after AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at FROM pgboss.job WHERE name = 'daily-stats' AND state = 'created' ORDER BY start_after`);

describe('daily statistics', () => {
  it('queues each configured time once, however many processes start', async () => {
    const now = new Date('2026-03-02T00:30:00Z'); // 08:30 in Shanghai
    const deps = { db: database.db, jobs, chats: config.chats, timeZone: config.timezone };
    await scheduleDailyStats(deps, now);
    await scheduleDailyStats(deps, now);
    const queued = await dailyJobs();
    expect(queued.map((j) => [j.data.chat, j.data.clock, j.at])).toEqual([
      ['ops', '09:00', '2026-03-02T01:00:00Z'],
      ['ops', '18:00', '2026-03-02T10:00:00Z'],
    ]);
  });

  it("posts the local day's figures and queues tomorrow's", async () => {
    const morning = new Date('2026-03-02T00:10:00Z'); // 08:10 in Shanghai
    const deps = { db: database.db, jobs, route: () => [] };
    await ingestBatch(deps, 'am', [
      // One incident of two alerts (the source's group), one of one.
      { status: 'firing', fingerprint: 'x', group: 'disks', title: 'disk full', severity: 'critical', labels: {}, annotations: {}, description: null, url: null, startsAt: morning },
      { status: 'firing', fingerprint: 'x2', group: 'disks', title: 'disk full', severity: 'critical', labels: {}, annotations: {}, description: null, url: null, startsAt: morning },
      { status: 'firing', fingerprint: 'y', title: 'cpu high', severity: 'warning', labels: {}, annotations: {}, description: null, url: null, startsAt: morning },
    ], morning);
    // Yesterday in Shanghai (23:50 on 1 March): not today's.
    await ingestBatch(deps, 'am', [{ status: 'firing', fingerprint: 'z', title: 'old', severity: 'info', labels: {}, annotations: {}, description: null, url: null, startsAt: morning }], new Date('2026-03-01T15:50:00Z'));
    await ingestBatch(deps, 'am', [{ status: 'resolved', fingerprint: 'y', title: 'cpu high', severity: 'warning', labels: {}, annotations: {}, description: null, url: null, startsAt: morning }], new Date('2026-03-02T00:40:00Z'));

    const posted: { notice: Notice; key: string }[] = [];
    const stats = { db: database.db, jobs, chats: config.chats, channels: new Map([['ops', recordingChannel(posted)]]), timeZone: config.timezone, options: () => ({ locale: 'en' as const, timeZone: config.timezone }), logger: testLogger };
    await postDailyStats(stats, { chat: 'ops', clock: '09:00' }, new Date('2026-03-02T01:00:01Z'));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.key).toBe('stats-ops-2026-03-02-09:00');
    expect(posted[0]!.notice).toMatchObject({ kind: 'stats', title: 'Daily statistics 2026-03-02' });
    expect(posted[0]!.notice.markdown).toBe(
      ['**Incidents on 2026-03-02 until 09:00**', 'Total 2 · resolved 1 · unresolved 1 · 3 alerts', 'MTTA — · MTTR 30m', '- disk full × 2', '- cpu high × 1'].join('\n'),
    );
    expect((await dailyJobs()).some((j) => j.data.clock === '09:00' && j.at === '2026-03-03T01:00:00Z')).toBe(true);

    // A time no longer configured ends its chain without posting.
    await postDailyStats(stats, { chat: 'ops', clock: '12:00' }, new Date('2026-03-02T04:00:00Z'));
    expect(posted).toHaveLength(1);
  });
});

describe('people seen in chats', () => {
  const users = [
    { name: 'alice', lark: 'ou_alice_cfg', wecom: 'alice.w' },
    { name: 'bob', mobile: '+86 138-0013-8000' },
    { name: 'carol', email: 'Carol@example.com' },
  ];
  /** What a click does: find the user behind the account, then remember it. */
  const see = async (list: UserConfig[], person: SeenPerson) => {
    const identity = await identifyPerson(database.db, list, person);
    await rememberPerson(database.db, person, identity.link);
    return identity.name;
  };

  it('links by configured id, mobile or e-mail, keeps a CLI link, and mentions with the linked ids', async () => {
    expect(await see(users, { platform: 'lark', app: 'lark', id: 'ou_alice_cfg', name: 'Alice L.' })).toBe('alice');
    expect(await see(users, { platform: 'dingtalk', app: 'dingtalk', id: 'staff-bob', name: 'Bob', mobile: '13800138000' })).toBe('bob');
    expect(await see(users, { platform: 'lark', app: 'lark', id: 'ou_carol', name: 'Carol', email: 'carol@example.com' })).toBe('carol');
    expect(await see(users, { platform: 'lark', app: 'lark', id: 'ou_stranger', name: 'Stranger' })).toBe('Stranger');
    expect(await linkPerson(database.db, 'bob', 'lark', 'lark', 'ou_bob')).toBe('created');
    expect(await linkPerson(database.db, 'alice', 'lark', 'lark', 'ou_stranger')).toBe('linked');
    // Seen again: the link made by hand stays, and names the person.
    expect(await see(users, { platform: 'lark', app: 'lark', id: 'ou_stranger', name: 'Stranger' })).toBe('alice');

    const rows = await queryRows<{ platform_id: string; user_name: string | null; linked_by: string | null }>(database.db, sql`SELECT platform_id, user_name, linked_by FROM people WHERE app IN ('lark', 'dingtalk') ORDER BY platform_id`);
    expect(rows).toEqual([
      { platform_id: 'ou_alice_cfg', user_name: 'alice', linked_by: 'config' },
      { platform_id: 'ou_bob', user_name: 'bob', linked_by: 'cli' },
      { platform_id: 'ou_carol', user_name: 'carol', linked_by: 'email' },
      { platform_id: 'ou_stranger', user_name: 'alice', linked_by: 'cli' },
      { platform_id: 'staff-bob', user_name: 'bob', linked_by: 'mobile' },
    ]);

    const mentions = await resolveMentions(database.db, users, [{ user: 'alice' }, { user: 'bob' }, { name: 'Stranger' }, { name: 'Nobody' }], { dingtalk: 'dingtalk', lark: 'lark' });
    expect(mentions).toEqual([
      { name: 'alice', lark: 'ou_alice_cfg', wecom: 'alice.w' },
      { name: 'bob', dingtalk: 'staff-bob', lark: 'ou_bob', mobile: '+86 138-0013-8000' },
      { name: 'Stranger', lark: 'ou_stranger' },
      { name: 'Nobody' },
    ]);
  });

  it("maps one person per app: configured per-app ids, the union_id across Lark apps, and each app's id in its mentions", async () => {
    const perApp: UserConfig[] = [
      { name: 'dora', lark: { hq: 'ou_dora_hq' }, dingtalk: { retail: 'staff-dora-r', logistics: 'staff-dora-l' } },
      { name: 'evan', email: 'evan@example.com' },
    ];
    expect(await see(perApp, { platform: 'lark', app: 'hq', id: 'ou_dora_hq', name: 'Dora', unionId: 'on_dora' })).toBe('dora');
    // Another Lark app sees her under another open_id, with the same union_id.
    expect(await see(perApp, { platform: 'lark', app: 'overseas', id: 'ou_dora_os', name: 'Dora W.', unionId: 'on_dora' })).toBe('dora');
    expect(await see(perApp, { platform: 'dingtalk', app: 'logistics', id: 'staff-dora-l', name: 'Dora' })).toBe('dora');
    // An id configured for one app means nothing in another: there it is someone else.
    expect(await see(perApp, { platform: 'dingtalk', app: 'retail', id: 'staff-dora-l', name: 'Dan' })).toBe('Dan');
    // Evan: linked by e-mail in one app, by union_id in the other.
    expect(await see(perApp, { platform: 'lark', app: 'hq', id: 'ou_evan_hq', name: 'Evan', unionId: 'on_evan', email: 'EVAN@example.com' })).toBe('evan');
    expect(await see(perApp, { platform: 'lark', app: 'overseas', id: 'ou_evan_os', name: 'ou_evan_os', unionId: 'on_evan' })).toBe('evan');
    // A DingTalk click carries no name: the name seen earlier through that app stands in for the id.
    expect(await see(perApp, { platform: 'dingtalk', app: 'retail', id: 'staff-dora-l', name: 'staff-dora-l' })).toBe('Dan');

    const links = await queryRows<{ app: string; platform_id: string; user_name: string | null; linked_by: string | null }>(database.db, sql`SELECT app, platform_id, user_name, linked_by FROM people WHERE user_name IN ('dora', 'evan') ORDER BY user_name, app`);
    expect(links).toEqual([
      { app: 'hq', platform_id: 'ou_dora_hq', user_name: 'dora', linked_by: 'config' },
      { app: 'logistics', platform_id: 'staff-dora-l', user_name: 'dora', linked_by: 'config' },
      { app: 'overseas', platform_id: 'ou_dora_os', user_name: 'dora', linked_by: 'union_id' },
      { app: 'hq', platform_id: 'ou_evan_hq', user_name: 'evan', linked_by: 'email' },
      { app: 'overseas', platform_id: 'ou_evan_os', user_name: 'evan', linked_by: 'union_id' },
    ]);

    const refs = [{ user: 'dora' }, { user: 'evan' }];
    expect(await resolveMentions(database.db, perApp, refs, { lark: 'hq' })).toEqual([{ name: 'dora', lark: 'ou_dora_hq' }, { name: 'evan', lark: 'ou_evan_hq' }]);
    expect(await resolveMentions(database.db, perApp, refs, { lark: 'overseas' })).toEqual([{ name: 'dora', lark: 'ou_dora_os' }, { name: 'evan', lark: 'ou_evan_os' }]);
    expect(await resolveMentions(database.db, perApp, refs, { dingtalk: 'retail' })).toEqual([{ name: 'dora', dingtalk: 'staff-dora-r' }, { name: 'evan' }]);
    // A chat no app serves (a custom robot among several apps) gets no per-app id: text mentions.
    expect(await resolveMentions(database.db, perApp, refs, {})).toEqual([{ name: 'dora' }, { name: 'evan' }]);
  });
});
