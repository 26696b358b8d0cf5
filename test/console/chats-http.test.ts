import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatStatus } from '../../src/db/schema.js';
import { consoleCookie, startTestGong, type TestGong } from '../helpers/gong.js';

// The chats pages over real HTTP against a whole Gong (Chinese, the default locale): every posted
// field is checked and refused with a 4xx that names it, and a refusal changes nothing.
const SOURCE = { name: 'demo', type: 'generic' as const, token: 'chats-http-source-token' };
let gong: TestGong;
let session: string;
let csrf: string;

beforeAll(async () => {
  gong = await startTestGong({
    sources: [SOURCE],
    config: { timezone: 'Asia/Shanghai', chats: [{ name: 'fixed', type: 'lark', chatId: 'oc_fixed' }] },
  });
  session = await consoleCookie(gong);
  csrf = /name="csrf-token" content="([^"]+)"/.exec(await (await get('/console/chats')).text())![1]!;
  await gong.api('/api/v1/chats', { body: { name: 'team', type: 'lark', chatId: 'oc_team', dailyStats: ['09:00'] } });
});
afterAll(async () => {
  await gong?.close();
});

const get = (path: string) => fetch(`${gong.url}${path}`, { headers: { cookie: session }, redirect: 'manual' });
const post = (path: string, fields: [string, string][], withCsrf = true) =>
  fetch(`${gong.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams([...(withCsrf ? [['_csrf', csrf] as [string, string]] : []), ...fields]).toString(),
  });
const stored = async () => (await gong.api<{ chats: Record<string, unknown>[] }>('/api/v1/chats')).chats;
/** The error shown next to a field, and whether the field is marked. */
const fieldError = (html: string, field: string) => ({
  text: new RegExp(`<p class="field-error" id="error-${field}">([^<]*)</p>`).exec(html)?.[1],
  marked: new RegExp(`id="${field}"[^>]*aria-invalid="true"`).test(html) || new RegExp(`name="${field}"[^>]*aria-invalid="true"`).test(html),
});

describe('creating a chat from the console', () => {
  const refusals: [what: string, fields: [string, string][], field: string, text: string][] = [
    ['no type', [['name', 'x1']], 'type', '群聊类型：请选择一种。'],
    ['an unknown type', [['type', 'slack'], ['name', 'x2']], 'type', '群聊类型：请从列出的类型中选择。'],
    ['no name', [['type', 'lark'], ['chatId', 'oc_1']], 'name', '名称：此类型的群聊必须填写。'],
    ['a name with a space', [['type', 'lark'], ['name', 'a b'], ['chatId', 'oc_1']], 'name', '名称：只能用字母、数字、- 和 _，以字母或数字开头，最多 63 个字符。'],
    ['a Lark chat without chat id', [['type', 'lark'], ['name', 'x3'], ['conversationId', 'cid_other_type']], 'chatId', '群 ID：此类型的群聊必须填写。'],
    ['a chat id too long', [['type', 'lark'], ['name', 'x4'], ['chatId', `oc_${'x'.repeat(300)}`]], 'chatId', '群 ID：最多 200 个字符。'],
    ['a DingTalk chat without conversation id', [['type', 'dingtalk'], ['name', 'x5']], 'conversationId', '群会话 ID：此类型的群聊必须填写。'],
    ['an app name with a slash', [['type', 'dingtalk'], ['name', 'x6'], ['conversationId', 'cid1'], ['app', 'a/b']], 'app', '应用：请填写配置文件中的应用名称（字母、数字、- 和 _）。'],
    ['a robot without webhook', [['type', 'lark-webhook'], ['name', 'x7']], 'webhook', 'Webhook 地址：此类型的群聊必须填写。'],
    ['an ftp webhook', [['type', 'lark-webhook'], ['name', 'x8'], ['webhook', 'ftp://example.com/hook/abcdefgh']], 'webhook', 'Webhook 地址：应为机器人的 http(s) 地址，即群机器人设置中显示的那个。'],
    ['a WeCom robot URL without key', [['type', 'wecom-webhook'], ['name', 'x9'], ['webhook', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send']], 'webhook', 'Webhook 地址：应为带 ?key=… 的机器人地址，例如 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'],
    ['a DingTalk robot secret without SEC', [['type', 'dingtalk-webhook'], ['name', 'x10'], ['webhook', 'https://oapi.dingtalk.com/robot/send?access_token=abc'], ['secret', 'nope']], 'secret', '加签密钥：钉钉机器人的密钥以 SEC 开头，请从机器人的安全设置中完整复制。'],
    ['eleven keywords', [['type', 'lark-webhook'], ['name', 'x11'], ['webhook', 'https://open.feishu.cn/open-apis/bot/v2/hook/abcdefgh'], ['keywords', 'a,b,c,d,e,f,g,h,i,j,k']], 'keywords', '自定义关键词：最多 10 个。'],
    ['an unknown card format', [['type', 'wecom-webhook'], ['name', 'x12'], ['webhook', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k'], ['format', 'html']], 'format', '卡片格式：请选择模板卡片或 Markdown。'],
    ['an unknown publish kind', [['type', 'lark'], ['name', 'x13'], ['chatId', 'oc_1'], ['messageSettings', '1'], ['publish', 'everything']], 'publish', '另发消息：请从列出的变化中选择。'],
    ['a time that is not one', [['type', 'lark'], ['name', 'x14'], ['chatId', 'oc_1'], ['messageSettings', '1'], ['dailyStats', '09:00, 25:00']], 'dailyStats', '每日统计时间：“25:00”不是 24 小时制时间，应类似 09:00。'],
  ];

  it.each(refusals)('refuses %s with 400, marks the field, names it, and stores nothing', async (_what, fields, field, text) => {
    const before = await stored();
    const response = await post('/console/chats', fields);
    const html = await response.text();
    expect(response.status).toBe(400);
    expect(fieldError(html, field)).toEqual({ text, marked: true });
    expect(html).toContain(`role="status" class="flash error">未保存：${text}`);
    expect(await stored()).toEqual(before);
  });

  it('refuses the name of a chat from the config file with 409, on the name field', async () => {
    const response = await post('/console/chats', [['type', 'lark'], ['name', 'fixed'], ['chatId', 'oc_other']]);
    expect(response.status).toBe(409);
    expect(fieldError(await response.text(), 'name').marked).toBe(true);
    expect((await stored()).find((chat) => chat.name === 'fixed')).toMatchObject({ chatId: 'oc_fixed', origin: 'config' });
  });

  it('reads only the chosen type\'s fields: other types\' fields are ignored, not refused', async () => {
    const response = await post('/console/chats', [['type', 'lark'], ['name', 'mixed'], ['chatId', 'oc_mixed'], ['webhook', 'not a url'], ['secret', 'nope'], ['format', 'html'], ['conversationId', 'x']]);
    expect(response.status).toBe(302);
    expect(await gong.api('/api/v1/chats/mixed')).toMatchObject({ type: 'lark', chatId: 'oc_mixed' });
  });
});

describe('editing a chat from the console', () => {
  it('shows the name fixed, not as an input', async () => {
    const html = await (await get('/console/chats/team/edit')).text();
    expect(html).not.toMatch(/<input[^>]*name="name"/);
    expect(html).toContain('<strong class="fixed-name">team</strong>');
    expect(html).toMatch(/id="type-lark"[^>]*checked/);
  });

  it('refuses a posted rename with 400 on the name, and changes nothing', async () => {
    const response = await post('/console/chats/team', [['type', 'lark'], ['name', 'renamed'], ['chatId', 'oc_changed']]);
    expect(response.status).toBe(400);
    expect(fieldError(await response.text(), 'name')).toEqual({ text: '名称：群聊名称（team）不能修改；如需改名，请新建一个群聊，再删除这个。', marked: false });
    expect(await gong.api('/api/v1/chats/team')).toMatchObject({ chatId: 'oc_team' });
    expect((await stored()).map((chat) => chat.name)).not.toContain('renamed');
  });

  it('refuses changes to a config file chat (409) and to no chat (404)', async () => {
    expect((await post('/console/chats/fixed', [['type', 'lark'], ['chatId', 'oc_changed']])).status).toBe(409);
    expect((await get('/console/chats/fixed/edit')).status).toBe(409);
    expect((await post('/console/chats/nothing-here', [['type', 'lark'], ['chatId', 'oc_x']])).status).toBe(404);
    expect((await stored()).find((chat) => chat.name === 'fixed')).toMatchObject({ chatId: 'oc_fixed' });
  });

  it('answers a mangled chat name in the path with 4xx, not 500', async () => {
    for (const path of ['/console/chats/%E0%A4%A/edit', '/console/chats/%ZZ/delete', `/console/chats/${'x'.repeat(3000)}/preview`]) {
      const status = (await get(path)).status;
      expect(status, path).toBeGreaterThanOrEqual(400);
      expect(status, path).toBeLessThan(500);
    }
  });
});

describe('deleting a chat from the console', () => {
  it('asks first: the confirmation page shows the chat, which stays until confirmed', async () => {
    const page = await get('/console/chats/team/delete');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('确定删除群聊 team？');
    expect(html).toContain('oc_team');
    expect(html).toMatch(/<form method="post" action="\/console\/chats\/team\/delete"[^>]*><input type="hidden" name="_csrf"/);
    expect(html).toContain('<a class="button" href="/console/chats">取消</a>');
    expect((await stored()).map((chat) => chat.name)).toContain('team');
  });

  it('has no confirmation page for a config file chat or no chat, and deletes nothing without the CSRF token', async () => {
    expect((await get('/console/chats/fixed/delete')).status).toBe(409);
    expect((await get('/console/chats/nothing-here/delete')).status).toBe(404);
    expect((await post('/console/chats/team/delete', [], false)).status).toBe(403);
    expect((await stored()).map((chat) => chat.name)).toEqual(expect.arrayContaining(['fixed', 'team']));
  });

  it('deletes on the confirming POST', async () => {
    const response = await post('/console/chats/mixed/delete', []);
    expect(response.status).toBe(302);
    expect((await stored()).map((chat) => chat.name)).not.toContain('mixed');
  });
});

describe('the chats list', () => {
  it('gives the last delivery in the configured time zone, naming it, and labels where each chat comes from', async () => {
    await gong.gong.parts.database.db.insert(chatStatus).values({ chat: 'team', state: 'ok', lastOkAt: new Date('2026-03-02T01:05:00Z'), updatedAt: new Date('2026-03-02T01:05:00Z') });
    const html = await (await get('/console/chats')).text();
    const row = /<tr data-chat="team">[\s\S]*?<\/tr>/.exec(html)![0];
    expect(row).toContain('<time datetime="2026-03-02T01:05:00.000Z">2026-03-02 09:05</time> <span class="zone">(Asia/Shanghai)</span>');
    expect(row).toContain('控制台 / API');
    expect(/<tr data-chat="fixed">[\s\S]*?<\/tr>/.exec(html)![0]).toContain('配置文件（只读）');
    expect(html).not.toMatch(/\d\d:\d\d:\d\d UTC/);
  });

  it('speaks English after the language switch', async () => {
    const switched = await fetch(`${gong.url}/console/language/en`, { redirect: 'manual' });
    const choice = switched.headers.getSetCookie()[0]!.split(';')[0]!;
    const html = await (await fetch(`${gong.url}/console/chats`, { headers: { cookie: `${session}; ${choice}` } })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>Chats</h1>');
    expect(html).toContain('config file (read-only)');
    expect(html).not.toMatch(/群聊|配置文件|来源/);
  });
});
