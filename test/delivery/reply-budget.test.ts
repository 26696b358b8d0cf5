import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatDelivery } from '../../src/delivery/chat-delivery.js';
import { windowsFor } from '../../src/delivery/limits.js';
import { createRateBudget } from '../../src/delivery/rate-budget.js';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import { type LarkGong, startGongWithLark } from '../helpers/lark-gong.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

/**
 * A command's reply is a message to the chat like a card: it takes from the chat's budget. The
 * budget is held here as Gong holds it after the platform throttled the chat (or as another Gong
 * process's burst of cards fills it); the reply must not reach the platform before the hold ends.
 */
const HOLD_MS = 6_000;
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };

/** Fills the chat's budget (its own windows and its app's) for HOLD_MS; returns when the hold ends at the earliest. */
async function holdChat(gong: TestGong, chatName: string): Promise<number> {
  const context = gong.gong.parts;
  const chat = context.config.chats.find((candidate) => candidate.name === chatName)!;
  const heldFrom = Date.now();
  await createRateBudget(context.database.db).hold(windowsFor(chatDelivery(chat).destination, 'post'), HOLD_MS);
  return heldFrom + HOLD_MS;
}

describe('a Lark command reply', () => {
  const ALICE = { openId: 'ou_alice', name: 'Alice' };
  const APP = { appId: 'cli_3c3c3c3c3c3c3c3c', appSecret: 'reply-budget-secret' };
  let fixture: LarkGong;

  beforeAll(async () => {
    fixture = await startGongWithLark({
      app: APP,
      sources: [SOURCE],
      server: { chats: [{ chatId: 'oc_ops', name: 'ops', members: [ALICE] }] },
      config: () => ({ chats: [{ name: 'ops', type: 'lark', chatId: 'oc_ops' }] }),
    });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('takes from the chat’s budget: none is sent while the chat has no room', async () => {
    const { lark, gong } = fixture;
    const id = (await gong.hook({ title: 'reply budget', severity: 'warning' })).opened[0]!;
    await waitFor('the card', async () => lark.chatMessages('oc_ops').find((m) => m.msgType === 'interactive' && !m.rootId && m.content.includes(`#${id} `)));
    const roomAt = await holdChat(gong, 'ops');
    await lark.say({ appId: APP.appId, chatId: 'oc_ops', openId: ALICE.openId, name: ALICE.name, text: `show ${id}` });
    const reply = await waitFor('the reply', async () => lark.chatMessages('oc_ops').find((m) => m.rootId && m.content.includes(`#${id}`)), 30_000);
    expect(reply.createTime).toBeGreaterThanOrEqual(roomAt);
  });
});

describe('a DingTalk session reply', () => {
  const APP = { clientId: 'dingreplybudget', clientSecret: 'reply-budget-secret' };
  let running: SandboxGong;
  let server: DingTalkServerHandle;
  let gong: TestGong;

  beforeAll(async () => {
    running = await startSandboxGong({
      sources: [SOURCE],
      dingtalk: { apps: [APP], groups: [{ conversationId: 'cidOps' }] },
      config: ({ dingtalk }) => ({ dingtalk: { ...APP, apiBase: dingtalk.url }, chats: [{ name: 'ops', type: 'dingtalk', conversationId: 'cidOps' }] }),
    });
    ({ dingtalk: server, gong } = running);
  });

  afterAll(async () => {
    await running?.close();
  });

  it('takes from the chat’s budget: none is sent while the chat has no room', async () => {
    const roomAt = await holdChat(gong, 'ops');
    await server.say({ conversationId: 'cidOps', userId: 'u42', nick: 'Wang', text: 'help', atRobot: true });
    const reply = await waitFor('the reply', async () => server.groupMessages('cidOps').find((m) => m.kind === 'session'), 30_000);
    expect(reply.at).toBeGreaterThanOrEqual(roomAt);
  });
});
