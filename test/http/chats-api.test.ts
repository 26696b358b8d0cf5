import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chats as chatsTable } from '../../src/db/schema.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../helpers/lark-gong.js';

const APP = { appId: 'cli_00112233445566aa', appSecret: 'lark-secret-chats' };
const BOT = { token: 'hook-token-chats-api-1', secret: 'bot-secret-chats-1' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };

let lark: LarkServer;
let gong: TestGong;
let running: LarkGong;

beforeAll(async () => {
  running = await startGongWithLark({
    app: APP,
    sources: [SOURCE],
    server: { chats: [{ chatId: 'oc_fixed' }, { chatId: 'oc_added' }], customBots: [BOT] },
    config: () => ({ chats: [{ name: 'fixed', type: 'lark', chatId: 'oc_fixed' }] }),
  });
  ({ lark, gong } = running);
});

afterAll(async () => {
  await running?.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }> {
  const response = await fetch(`${gong.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${gong.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, text };
}

const webhook = () => running.hookUrl(BOT.token);
const botMessages = () => lark.chatMessages(lark.customBotChatId(BOT.token));

describe('chats API', () => {
  it('lists config chats as read-only and refuses to change them', async () => {
    const list = await call('GET', '/chats');
    expect(list.json.chats).toEqual([{ name: 'fixed', type: 'lark', origin: 'config', readOnly: true, chatId: 'oc_fixed', app: null, publish: ['escalations', 'assignments'], dailyStats: [] }]);
    for (const [method, body] of [['PUT', { chatId: 'oc_other' }], ['DELETE', undefined]] as const) {
      const refused = await call(method, '/chats/fixed', body);
      expect(refused.status).toBe(409);
      expect(refused.json.error).toBe('chat "fixed" is defined in the config file; change it there');
    }
    expect((await call('POST', '/chats', { name: 'fixed', type: 'lark', chatId: 'oc_x' })).status).toBe(409);
  });

  it('creates a webhook chat that posts at once, and never returns its secrets', async () => {
    const created = await call('POST', '/chats', { name: 'bot', type: 'lark-webhook', webhook: webhook(), secret: BOT.secret, keywords: ['alert'] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'bot', origin: 'database', readOnly: false, hasSecret: true, webhook: `${lark.url}/open-apis/bot/v2/hook/•••` });

    const tested = await call('POST', '/chats/bot/test');
    expect(tested.status).toBe(200);
    expect(tested.json).toMatchObject({ ok: true, chat: 'bot' });
    expect(botMessages()).toHaveLength(1);

    // The new chat is routed too: a fresh alert's card reaches it without a restart.
    await gong.hook({ title: 'alert for the new chat', severity: 'warning' });
    await waitFor('the card in the new chat', async () => (botMessages().length === 2 ? true : undefined));

    for (const path of ['/chats', '/chats/bot', '/chats?q=bot']) {
      const { text } = await call('GET', path);
      expect(text).not.toContain(BOT.token);
      expect(text).not.toContain(BOT.secret);
    }
    const [row] = await gong.gong.parts.database.db.select().from(chatsTable);
    expect(row).toMatchObject({ name: 'bot', type: 'lark-webhook' });
  });

  it('edits a chat, keeping the secrets it was not sent', async () => {
    const edited = await call('PUT', '/chats/bot', { keywords: ['gong'] });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ keywords: ['gong'], hasSecret: true });
    // The sandbox bot checks the signature: a lost secret would fail this send.
    expect((await call('POST', '/chats/bot/test')).json).toMatchObject({ ok: true });
    expect((await call('PUT', '/chats/bot', { name: 'renamed' })).status).toBe(400);
  });

  it('reports the platform refusing a test message, without the token', async () => {
    await call('POST', '/chats', { name: 'wrong-secret', type: 'lark-webhook', webhook: webhook(), secret: 'not-the-secret' });
    const tested = await call('POST', '/chats/wrong-secret/test');
    expect(tested.status).toBe(502);
    expect(tested.json).toMatchObject({ ok: false, error: expect.stringContaining('19021') });
    const shown = await call('GET', '/chats/wrong-secret');
    expect(shown.json.lastDelivery).toMatchObject({ ok: false, error: expect.stringContaining('19021') });
    expect(shown.text).not.toContain(BOT.token);
  });

  it('serves an app chat added at run time through the running app', async () => {
    expect((await call('POST', '/chats', { name: 'added', type: 'lark', chatId: 'oc_added' })).status).toBe(201);
    expect((await call('POST', '/chats/added/test')).json).toMatchObject({ ok: true });
    expect(lark.chatMessages('oc_added')).toHaveLength(1);
  });

  it('searches by keyword', async () => {
    const found = await call('GET', '/chats?q=ADDED');
    expect(found.json.chats.map((chat: { name: string }) => chat.name)).toEqual(['added']);
    expect((await call('GET', '/chats?q=nothing-like-this')).json.chats).toEqual([]);
  });

  it('names the field of an invalid chat', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', type: 'slack' }, 'type:'],
      [{ name: 'bad name!', type: 'lark', chatId: 'oc_1' }, 'name:'],
      [{ name: 'nohook', type: 'lark-webhook', webhook: 'not a url' }, 'webhook:'],
      [{ name: 'nosec', type: 'dingtalk-webhook', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=abc', secret: 'nope' }, 'secret:'],
    ];
    for (const [body, field] of cases) {
      const refused = await call('POST', '/chats', body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.json.error.startsWith(field), refused.json.error).toBe(true);
    }
    expect((await call('POST', '/chats', { name: 'bot', type: 'lark', chatId: 'oc_1' })).status).toBe(409);
  });

  it('refuses a webhook chat of every type with an empty, invalid or missing URL: 400 naming the field, nothing stored', async () => {
    const before = (await call('GET', '/chats')).json.chats;
    const urls = ['', 'not a url', 'ftp://robot.example.com/x', undefined];
    for (const type of ['dingtalk-webhook', 'lark-webhook', 'wecom-webhook']) {
      for (const url of [...urls, ...(type === 'wecom-webhook' ? ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send'] : [])]) {
        const refused = await call('POST', '/chats', { name: 'broken-url', type, ...(url !== undefined && { webhook: url }) });
        expect(refused.status, `${type} ${url}`).toBe(400);
        expect(refused.json.error, `${type} ${url}`).toMatch(/^webhook: (missing: )?expected (an http\(s\) URL|the robot URL with its \?key=…,) such as https:\/\//);
      }
    }
    const created = await call('POST', '/chats', { name: 'wecom-ok', type: 'wecom-webhook', webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1' });
    expect(created.status).toBe(201);
    const edited = await call('PUT', '/chats/wecom-ok', { webhook: 'not a url' });
    expect(edited.status).toBe(400);
    expect(edited.json.error).toMatch(/^webhook: expected an http\(s\) URL such as https:\/\/qyapi/);
    expect((await call('GET', '/chats')).json.chats.map((chat: { name: string }) => chat.name).sort()).toEqual([...before.map((chat: { name: string }) => chat.name), 'wecom-ok'].sort());
    expect((await call('DELETE', '/chats/wecom-ok')).status).toBe(204);
  });

  it('stores a chat\'s publish kinds and daily statistics times, and reads them back after a sync', async () => {
    const created = await call('POST', '/chats', { name: 'timed', type: 'lark', chatId: 'oc_timed', publish: ['resolutions'], dailyStats: '09:00, 18:30' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ publish: ['resolutions'], dailyStats: ['09:00', '18:30'] });
    // An update reads the table first, as every instance's sync does every few seconds.
    const updated = await call('PUT', '/chats/timed', { chatId: 'oc_timed_2' });
    expect(updated.status).toBe(200);
    expect(updated.json).toMatchObject({ chatId: 'oc_timed_2', publish: ['resolutions'], dailyStats: ['09:00', '18:30'] });
    expect((await call('DELETE', '/chats/timed')).status).toBe(204);
  });

  it('deletes a chat and its channel', async () => {
    expect((await call('DELETE', '/chats/added')).status).toBe(204);
    expect((await call('GET', '/chats/added')).status).toBe(404);
    expect((await call('POST', '/chats/added/test')).status).toBe(404);
    expect((await call('DELETE', '/chats/added')).status).toBe(404);
    expect(gong.gong.channels.has('added')).toBe(false);
  });

  it('requires the admin token', async () => {
    expect((await fetch(`${gong.url}/api/v1/chats`)).status).toBe(401);
  });
});
