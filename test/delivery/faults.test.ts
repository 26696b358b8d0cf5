import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { type FaultProxy, startFaultProxy } from '../../src/sandbox/fault-proxy.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

const APP = { appId: 'cli_0a1b2c3d4e5f6a7b', appSecret: 'fault-app-secret' };
const BOT = { token: 'fault-bot-token', secret: 'fault-bot-secret' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const ALERTS = 10;

/** A seeded generator: the same faults on every run, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

let running: SandboxGong;
let lark: LarkServer;
let appProxy: FaultProxy;
let botProxy: FaultProxy;
let gong: TestGong;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    lark: { apps: [{ ...APP, events: 'websocket' }], chats: [{ chatId: 'oc_faults', name: 'faults', members: [] }], customBots: [BOT] },
    config: async ({ lark }) => {
      // The app bot gets every kind of fault, including answers lost after Lark took the call; a
      // custom bot has no idempotency key, so it gets the faults where the call never arrived.
      appProxy = await startFaultProxy({ target: lark.url, rate: 0.3, kinds: ['500', '429', 'timeout', 'lost'], paths: /\/im\/v1\/messages/, random: seeded(7) });
      botProxy = await startFaultProxy({ target: lark.url, rate: 0.3, kinds: ['500', '429', 'timeout'], paths: /\/bot\/v2\/hook/, random: seeded(11) });
      return {
        lark: { ...APP, domain: appProxy.url },
        chats: [
          { name: 'app-group', type: 'lark', chatId: 'oc_faults', storm: { threshold: 1000 } },
          { name: 'bot-group', type: 'lark-webhook', webhook: `${botProxy.url}/open-apis/bot/v2/hook/${BOT.token}`, secret: BOT.secret, storm: { threshold: 1000 } },
        ],
      };
    },
  });
  ({ lark, gong } = running);
});

afterAll(async () => {
  await running?.close();
  await appProxy?.stop();
  await botProxy?.stop();
});

const cardsOf = (chatId: string, id: number) =>
  lark.chatMessages(chatId).filter((m) => m.msgType === 'interactive' && m.content.includes(`#${id} `) && !m.rootId);

describe('30% of platform calls fail (500, 429, time-outs, lost answers)', () => {
  it('delivers every card exactly once and brings every card up to date', async () => {
    const { opened } = await gong.hook(Array.from({ length: ALERTS }, (_, i) => ({ title: `Fault ${i}`, severity: i % 3 ? 'warning' : 'critical' })));
    expect(opened).toHaveLength(ALERTS);
      const botChat = lark.customBotChatId(BOT.token);
    await waitFor('every card', async () => (opened.every((id) => cardsOf('oc_faults', id).length > 0 && cardsOf(botChat, id).length > 0) ? true : undefined), 50_000, 250);
    for (const id of opened) {
      expect(cardsOf('oc_faults', id)).toHaveLength(1);
      expect(cardsOf(botChat, id)).toHaveLength(1);
    }

      for (const id of opened) await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'ack', actor: 'dana' } });
    const stale = async () =>
      (await queryRows<{ n: number }>(
        gong.gong.parts.database.db,
        sql`SELECT count(*)::int AS n FROM cards c JOIN alerts a ON a.id = c.alert_id WHERE c.rendered_version < a.version`,
      ))[0]!.n;
    await waitFor('every card updated', async () => (Number(await stale()) === 0 ? true : undefined), 40_000, 250);
    for (const id of opened) expect(cardsOf('oc_faults', id)[0]!.content).toContain('Acknowledged by dana');
    expect(appProxy.stats.injected).toBeGreaterThanOrEqual(3);
    expect(botProxy.stats.injected).toBeGreaterThanOrEqual(3);
    // Gong stays inside every budget: the platform never had to refuse a call.
    expect(appProxy.stats.throttled + botProxy.stats.throttled).toBe(0);
  }, 100_000);
});
