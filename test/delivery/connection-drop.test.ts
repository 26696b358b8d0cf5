import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { handledOnce, openAlerts, settledRecord } from '../helpers/exactly-once.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../helpers/lark-gong.js';

const APP = { appId: 'cli_d40bd40bd40bd40b', appSecret: 'drop-secret' };
const ALICE = { openId: 'ou_alice', name: 'Alice' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const CLICKS = 6;

let lark: LarkServer;
let gong: TestGong;
let running: LarkGong;

beforeAll(async () => {
  running = await startGongWithLark({
    app: APP,
    sources: [SOURCE],
    // Quick re-pushes so the test does not wait minutes; the protocol is the same.
    server: { ackTimeoutMs: 1_500, maxRepushes: 6, chats: [{ chatId: 'oc_drop', name: 'drop', members: [ALICE] }] },
    config: () => ({ chats: [{ name: 'drop', type: 'lark', chatId: 'oc_drop' }] }),
  });
  ({ lark, gong } = running);
});

afterAll(async () => {
  await running?.close();
});

it('handles every click sent around a dropped long connection exactly once', async () => {
  const ids = await openAlerts(gong, SOURCE, CLICKS, 'drop');
  const cards = await waitFor('every card', async () => {
    const found = ids.map((id) => lark.chatMessages('oc_drop').find((m) => m.content.includes(`#${id} `)));
    return found.every(Boolean) ? found.map((m) => m!) : undefined;
  });
  // Half the clicks leave just before the platform cuts the connection, half while it is down:
  // some reach Gong before the cut and lose their ack, others are pushed again after the reconnect.
  const click = (i: number) => lark.click({ appId: APP.appId, openId: ALICE.openId, messageId: cards[i]!.messageId, value: { action: 'snooze', alertId: String(ids[i]) }, option: '30m' });
  const before = Array.from({ length: CLICKS / 2 }, (_, i) => click(i));
  lark.dropConnections(APP.appId);
  const during = Array.from({ length: CLICKS / 2 }, (_, i) => click(CLICKS / 2 + i));
  const answers = await Promise.all([...before, ...during]);
  expect(lark.openConnections(APP.appId)).toBeGreaterThan(0);
  // The drop really cost pushes: the platform had to push some clicks again.
  expect(lark.callCount('ws.repush')).toBeGreaterThan(0);
  for (const answer of answers) expect(answer.toast?.type).not.toBe('error');

  // Every alert snoozed once (no click lost, none handled twice), and every card shows it.
  expect(await settledRecord(gong, ids, 'snoozed', 'drop')).toEqual(handledOnce(ids));
  for (const card of cards) expect(lark.chatMessages('oc_drop').find((m) => m.messageId === card.messageId)?.content).toContain('Snoozed until');
}, 60_000);
