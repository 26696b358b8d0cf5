import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LarkServer } from '../../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../../helpers/lark-gong.js';

const APP = { appId: 'cli_c1b2c3d4e5f6a7b8', appSecret: 'lark-secret-cn' };
const ALICE = { openId: 'ou_alice', name: 'Alice' };
const BOB = { openId: 'ou_bob', name: 'Bob' };
const BOT = { token: 'hook-token-cn', secret: 'bot-secret-cn', keywords: ['告警'] };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-cn' };
const HH_MM = '\\d\\d:\\d\\d';

let lark: LarkServer;
let gong: TestGong;
let running: LarkGong;

// Gong's own language is English here; the chats say zh-CN, so everything they hear is Chinese.
beforeAll(async () => {
  running = await startGongWithLark({
    app: APP,
    sources: [SOURCE],
    server: { chats: [{ chatId: 'oc_cn', name: 'cn', members: [ALICE, BOB] }], customBots: [BOT] },
    config: (server) => ({
      chats: [
        { name: 'cn', type: 'lark', chatId: 'oc_cn', locale: 'zh-CN' },
        { name: 'cn-bot', type: 'lark-webhook', webhook: `${server.url}/open-apis/bot/v2/hook/${BOT.token}`, secret: BOT.secret, keywords: BOT.keywords, locale: 'zh-CN' },
      ],
    }),
  });
  ({ lark, gong } = running);
});

afterAll(async () => {
  await running?.close();
});

async function fire(title: string): Promise<number> {
  return (await gong.hook({ title, severity: 'critical' })).opened[0]!;
}

const cardOf = (chatId: string, alertId: number) =>
  lark.chatMessages(chatId).find((m) => m.msgType === 'interactive' && !m.rootId && m.content.includes(`#${alertId} `));

describe('a zh-CN Lark chat', () => {
  it('gets Chinese toasts for clicks, refusals included, and a Chinese card back', async () => {
    const id = await fire('cpu-high');
    const card = await waitFor('card', async () => cardOf('oc_cn', id));
    const click = (openId: string, action: string, option?: string) =>
      lark.click({ appId: APP.appId, openId, messageId: card.messageId, value: { action, alertId: String(id) }, ...(option && { option }) });

    const first = await click(BOB.openId, 'ack');
    expect(first.toast).toEqual({ type: 'success', content: expect.stringMatching(new RegExp(`^#${id} Bob 于 ${HH_MM} 认领$`)) });
    expect(JSON.stringify(first.card)).toContain('Bob 于');
    const second = await click(ALICE.openId, 'ack');
    expect(second.toast).toEqual({ type: 'warning', content: expect.stringMatching(new RegExp(`^#${id}：Bob 已于 ${HH_MM} 认领$`)) });
    const resolved = await click(ALICE.openId, 'resolve');
    expect(resolved.toast?.content).toMatch(new RegExp(`^#${id} Alice 于 ${HH_MM} 解决$`));
    const late = await click(BOB.openId, 'snooze', '2h');
    expect(late.toast).toEqual({ type: 'warning', content: expect.stringMatching(new RegExp(`^#${id}：Alice 已于 ${HH_MM} 解决$`)) });
    // The REST API keeps its English words, from the same refusal.
    const api = await fetch(`${gong.url}/api/v1/alerts/${id}/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gong.gong.parts.config.server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'ack', actor: 'Carol' }),
    });
    expect(await api.json()).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^already resolved by Alice at ${HH_MM}$`)) });
  });

  it('refuses a command in Chinese', async () => {
    const id = await fire('disk-full');
    await waitFor('card', async () => cardOf('oc_cn', id));
    const replies = () => lark.chatMessages('oc_cn').filter((m) => m.rootId && m.sender.type === 'app');
    const before = replies().length;
    await lark.say({ appId: APP.appId, chatId: 'oc_cn', openId: BOB.openId, name: BOB.name, text: `resolve ${id}` });
    await waitFor('the first reply', async () => replies()[before]);
    await lark.say({ appId: APP.appId, chatId: 'oc_cn', openId: ALICE.openId, name: ALICE.name, text: `unack ${id}` });
    const reply = await waitFor('the refusal', async () => replies()[before + 1]);
    expect(reply.content).toContain(`#${id} disk-full：还没有人认领（当前：已恢复）。`);
  });

  it('words the action-link page of a zh-CN custom bot in Chinese', async () => {
    const id = await fire('queue-stuck');
    const botChat = lark.customBotChatId(BOT.token);
    const message = await waitFor('bot card', async () => lark.chatMessages(botChat).find((m) => m.content.includes(`#${id} `)));
    const { publicUrl } = gong.gong.parts.config.server;
    const ack = [...message.content.matchAll(/"default_url":"([^"]+)"/g)].map((m) => m[1]!.replace(publicUrl, gong.url))[0]!;

    const preview = await (await fetch(ack)).text();
    expect(preview).toContain('<html lang="zh-CN">');
    expect(preview).toContain('你的名字');
    expect(preview).toContain('确认认领');
    const post = (actor: string) => fetch(ack, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `actor=${actor}` });
    expect(await (await post('')).text()).toContain('请填写你的名字');
    const done = await post('Dora');
    expect(done.status).toBe(200);
    expect(await done.text()).toMatch(new RegExp(`#${id} Dora 于 ${HH_MM} 认领</h1><p>群里的卡片正在更新。`));
    const again = await post('Eve');
    expect(again.status).toBe(409);
    expect(await again.text()).toMatch(new RegExp(`#${id}：Dora 已于 ${HH_MM} 认领`));
    expect(await (await fetch(`${ack.slice(0, -3)}xyz`)).text()).toContain('This link is not valid.');
  });
});
