import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from '../../src/db/schema.js';
import { consoleCookie, startTestGong, type TestGong } from '../helpers/gong.js';

// The users page over real HTTP (Chinese, the default locale): a refused link answers 400 with the
// page and the field to fix, and stores nothing.
const SOURCE = { name: 'demo', type: 'generic' as const, token: 'users-http-source-token' };
let gong: TestGong;
let session: string;
let csrf: string;

beforeAll(async () => {
  gong = await startTestGong({ sources: [SOURCE], config: { users: [{ name: 'Alice' }, { name: 'Bob' }] }, sandbox: true });
  session = await consoleCookie(gong);
  csrf = /name="csrf-token" content="([^"]+)"/.exec(await (await get('/console/users')).text())![1]!;
});
afterAll(async () => {
  await gong?.close();
});

const get = (path: string) => fetch(`${gong.url}${path}`, { headers: { cookie: session }, redirect: 'manual' });
const post = (path: string, fields: Record<string, string>) =>
  fetch(`${gong.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
const links = async () => (await gong.gong.parts.database.db.select().from(people)).map((row) => `${row.userName}:${row.app}:${row.platformId}`).sort();
const flash = (html: string) => /role="status" class="flash (?:ok|error)">([^<]*)</.exec(html)?.[1];

describe('the users page', () => {
  it('speaks Chinese by default', async () => {
    const html = await (await get('/console/users')).text();
    expect(html).toContain('<h1>用户及其聊天账号</h1>');
    expect(html).toContain('<option value="lark:lark">飞书 / lark</option>');
    expect(html).toContain('>关联账号</button>');
  });

  const refusals: [what: string, fields: Record<string, string>, text: string][] = [
    ['no user', { app: 'lark:lark', id: 'ou_1' }, '用户：请选择这个账号所属的用户。'],
    ['a user not configured', { user: 'Mallory', app: 'lark:lark', id: 'ou_1' }, '用户：配置文件的 users: 中没有“Mallory”，请从列表中选择。'],
    ['an app not offered', { user: 'Alice', app: 'slack:main', id: 'ou_1' }, '应用：请从列出的应用中选择。'],
    ['no app', { user: 'Alice', id: 'ou_1' }, '应用：请从列出的应用中选择。'],
    ['no id', { user: 'Alice', app: 'lark:lark', id: '  ' }, '账号 ID：必须填写（飞书 open_id 或钉钉 userId）。'],
    ['an id too long', { user: 'Alice', app: 'lark:lark', id: 'o'.repeat(201) }, '账号 ID：最多 200 个字符。'],
  ];

  it.each(refusals)('refuses a link with %s: 400, the field named, nothing stored', async (_what, fields, text) => {
    const before = await links();
    const response = await post('/console/users/link', fields);
    expect(response.status).toBe(400);
    expect(flash(await response.text())).toBe(text);
    expect(await links()).toEqual(before);
  });

  it('links, says so in Chinese, and refuses to unlink from someone else', async () => {
    const linked = await post('/console/users/link', { user: 'Bob', app: 'lark:lark', id: 'ou_http_1' });
    expect(linked.status).toBe(302);
    const page = await (await fetch(`${gong.url}/console/users`, { headers: { cookie: `${session}; ${linked.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')}` } })).text();
    expect(flash(page)).toBe('已将应用 lark 中的 lark:ou_http_1 关联到 Bob（此账号还没在群里出现过）。');
    const wrong = await post('/console/users/unlink', { user: 'Alice', app: 'lark:lark', id: 'ou_http_1' });
    expect(wrong.status).toBe(400);
    expect(flash(await wrong.text())).toBe('应用 lark 中的 lark:ou_http_1 并未关联 Alice，没有任何改动。');
    expect(await links()).toContain('Bob:lark:ou_http_1');
  });
});
