import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../helpers/lark-gong.js';

const APP = { appId: 'cli_1a2b3c4d5e6f7a8b', appSecret: 'delivery-app-secret' };
const STORM_BOT = { token: 'storm-bot', secret: 'storm-secret' };
const BROKEN_BOT = { token: 'broken-bot', secret: 'the-real-secret', keywords: ['alert'] };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const STORM = 30;

let lark: LarkServer;
let gong: TestGong;
let running: LarkGong;

beforeAll(async () => {
  running = await startGongWithLark({
    app: APP,
    sources: [SOURCE],
    server: { chats: [{ chatId: 'oc_big', name: 'big', members: [] }], customBots: [STORM_BOT, BROKEN_BOT] },
    config: (server) => {
      const hook = (token: string) => `${server.url}/open-apis/bot/v2/hook/${token}`;
      return {
        chats: [
          { name: 'big-cards', type: 'lark', chatId: 'oc_big' },
          { name: 'storm-bot', type: 'lark-webhook', webhook: hook(STORM_BOT.token), secret: STORM_BOT.secret, storm: { threshold: 4, groupBy: ['cluster'], refreshSeconds: 5 } },
          // An admin pasted the wrong secret: every message is refused with 19021.
          { name: 'broken-bot', type: 'lark-webhook', webhook: hook(BROKEN_BOT.token), secret: 'not-the-secret', keywords: BROKEN_BOT.keywords },
        ],
      };
    },
  });
  ({ lark, gong } = running);
});

afterAll(async () => {
  await running?.close();
});

const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(gong.gong.parts.database.db, query);

describe('a chat that refuses our messages', () => {
  it('is marked failing with the platform’s reason, visible in the API, and not retried in a loop', async () => {
    await gong.hook({ title: 'alert: disk', severity: 'warning' });
    type Status = { chats: { chat: string; state: string; reason: string | null; code: string | null }[] };
    const broken = await waitFor('the broken chat marked', async () => {
      const status = await gong.api<Status>('/api/v1/chats/status');
      return status.chats.find((c) => c.chat === 'broken-bot' && c.state === 'failing');
    });
    expect(broken).toMatchObject({ code: '19021', reason: expect.stringContaining('sign match fail') });
    const status = await gong.api<Status>('/api/v1/chats/status');
    expect(status.chats.find((c) => c.chat === 'big-cards')).toMatchObject({ state: 'ok', reason: null });
    const calls = lark.callCount('POST /open-apis/bot/v2/hook/:token');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // Only the other bot's traffic (cards, summaries) may follow; the refused card is not retried.
    const jobs = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'chat' = 'broken-bot' AND state IN ('created', 'retry', 'active')`);
    expect(Number(jobs[0]!.n)).toBe(0);
    expect(lark.callCount('POST /open-apis/bot/v2/hook/:token')).toBeLessThan(calls + 3);
  });
});

describe('messages over the platform’s size limit', () => {
  it('are shortened, not rejected', async () => {
    const description = '磁盘空间不足，'.repeat(2_300);
    const labels = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`label${i}`, 'v'.repeat(1000)]));
    const { opened } = await gong.hook({ title: 'Huge alert', severity: 'critical', description, labels });
    const card = await waitFor('the card', async () => lark.chatMessages('oc_big').find((m) => m.content.includes(`#${opened[0]} `)));
    expect(Buffer.byteLength(card.content)).toBeLessThanOrEqual(30 * 1024);
    expect(card.content).toContain('磁盘空间不足');
  });
});

describe('a storm', () => {
  it('folds what the chat cannot take into one summary per group-by key that counts every alert once', async () => {
    const batch = Array.from({ length: STORM }, (_, i) => ({
      title: i % 3 ? 'HighCPU' : 'DiskFull',
      severity: 'warning',
      labels: { alertname: i % 3 ? 'HighCPU' : 'DiskFull', instance: `host-${i}`, cluster: 'prod' },
    }));
    const { opened } = await gong.hook(batch);
    expect(opened).toHaveLength(STORM);
    const botChat = lark.customBotChatId(STORM_BOT.token);
    // Every alert exactly once: its own card or a place in the summary, never both, never neither.
    const placed = await waitFor('every alert placed', async () => {
      const found = await rows<{ alert_id: number; n: number }>(sql`
        SELECT alert_id, count(*)::int AS n FROM (
          SELECT alert_id FROM cards WHERE chat = 'storm-bot'
          UNION ALL SELECT alert_id FROM folded_alerts WHERE chat = 'storm-bot') x
        WHERE alert_id = ANY(${`{${opened.join(',')}}`}::int[]) GROUP BY alert_id`);
      return found.length === STORM ? found : undefined;
    });
    expect(placed.every((p) => Number(p.n) === 1)).toBe(true);
    const folded = Number((await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM folded_alerts WHERE chat = 'storm-bot'`))[0]!.n);
    // At most the threshold got their own cards within the minute (earlier tests' alerts count too).
    expect(STORM - folded).toBeLessThanOrEqual(4);
    const summary = await waitFor('the summary of them all', async () => lark.chatMessages(botChat).find((m) => m.content.includes(`Alert storm · cluster=prod: ${folded} incidents, ${folded} alerts`)), 20_000);
    expect(summary.content).toContain('/console/alerts?summary=');
    expect(summary.content).toMatch(new RegExp(`${folded} open.*(HighCPU × \\d+, DiskFull × \\d+)`));
    // One storm, one group-by key: one summary, however many refreshes.
    const summaries = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM storm_summaries WHERE chat = 'storm-bot'`);
    expect(Number(summaries[0]!.n)).toBe(1);

    // Resolving them refreshes the summary (after its refresh interval), with the new counts.
    await gong.hook(batch.map((alert) => ({ ...alert, status: 'resolved' })));
    await waitFor('the refreshed summary', async () => lark.chatMessages(botChat).find((m) => m.content.includes(`all ${folded} resolved`)), 20_000);
  }, 45_000);
});
