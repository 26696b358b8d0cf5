import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGong, type TestGong } from '../helpers/gong.js';

const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
let gong: TestGong;

beforeAll(async () => {
  gong = await startTestGong({
    sources: [SOURCE],
    config: {
      locale: 'en',
      routes: [{ name: 'db', match: ['team="db"', 'severity=~"crit.*"'] }],
      webhooks: [{ name: 'pager', url: 'https://ops:hunter2-password@hooks.example.com/gong?token=webhook-query-secret', secret: 'webhook-signing-secret-1', events: ['alert.opened'] }],
    },
  });
});
afterAll(async () => {
  await gong?.close();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function signIn(next = '/console'): Promise<{ cookie: string; location: string | null }> {
  const response = await fetch(`${gong.url}/console/login`, form({ token: gong.adminToken, next }));
  expect(response.status).toBe(302);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('gong_session='))!;
  expect(cookie).toMatch(/httponly/i);
  expect(cookie).toMatch(/samesite=strict/i);
  return { cookie: cookie.split(';')[0]!, location: response.headers.get('location') };
}

describe('console sign-in and CSRF', () => {
  it('sends a visitor without a session to the sign-in form', async () => {
    const response = await fetch(`${gong.url}/console/chats`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/console/login?next=%2Fconsole%2Fchats');
  });

  it('refuses a wrong token and sets no cookie', async () => {
    const response = await fetch(`${gong.url}/console/login`, form({ token: 'wrong' }));
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('redirects only within the site after sign-in', async () => {
    expect((await signIn('/console/stats')).location).toBe('/console/stats');
    expect((await signIn('//evil.example.com/')).location).toBe('/console');
    expect((await signIn('https://evil.example.com/')).location).toBe('/console');
  });

  it('refuses a form without the session CSRF token', async () => {
    const { cookie } = await signIn();
    const page = await (await fetch(`${gong.url}/console/chats/new`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const fields = { name: 'csrf-chat', type: 'lark', chatId: 'oc_csrf' };

    const forged = await fetch(`${gong.url}/console/chats`, { ...form(fields), headers: { ...form(fields).headers, cookie } });
    expect(forged.status).toBe(403);
    const wrong = await fetch(`${gong.url}/console/chats`, { ...form({ ...fields, _csrf: 'x'.repeat(43) }), headers: { ...form(fields).headers, cookie } });
    expect(wrong.status).toBe(403);
    expect((await gong.api<{ chats: unknown[] }>('/api/v1/chats')).chats).toEqual([]);

    const accepted = await fetch(`${gong.url}/console/chats`, { ...form({ ...fields, _csrf: csrf }), headers: { ...form(fields).headers, cookie } });
    expect(accepted.status).toBe(302);
    expect((await gong.api<{ chats: { name: string }[] }>('/api/v1/chats')).chats.map((c) => c.name)).toEqual(['csrf-chat']);
  });

  it('shows a 400 with the field when the console form is invalid', async () => {
    const { cookie } = await signIn();
    const page = await (await fetch(`${gong.url}/console/chats/new`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    const fields = { name: 'bad', type: 'lark-webhook', webhook: 'ftp://nope', _csrf: csrf };
    const response = await fetch(`${gong.url}/console/chats`, { ...form(fields), headers: { ...form(fields).headers, cookie } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Webhook URL: expected the robot(&#39;|')s http\(s\) URL/);
  });

  it('re-shows the chat form with the error for a WeCom robot with an empty or invalid URL', async () => {
    const { cookie } = await signIn();
    const page = await (await fetch(`${gong.url}/console/chats/new`, { headers: { cookie } })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
    for (const webhook of ['', 'not a url', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send']) {
      const fields = { name: 'wecom-bad', type: 'wecom-webhook', webhook, format: 'markdown', _csrf: csrf };
      const response = await fetch(`${gong.url}/console/chats`, { ...form(fields), headers: { ...form(fields).headers, cookie } });
      expect(response.status, webhook).toBe(400);
      const html = await response.text();
      expect(html, webhook).toMatch(/Webhook URL: (required for this chat type|expected the robot(&#39;|')s http\(s\) URL|expected the robot URL with its \?key=…, such as https:\/\/qyapi\.weixin\.qq\.com)/);
      expect(html).toContain('<form method="post" action="/console/chats"');
      expect(html).toContain('value="wecom-bad"');
    }
    expect((await gong.api<{ chats: { name: string }[] }>('/api/v1/chats')).chats.map((c) => c.name)).not.toContain('wecom-bad');
  });

  it('shows routes with their matchers as the config file writes them', async () => {
    const { cookie } = await signIn();
    const page = await (await fetch(`${gong.url}/console/config`, { headers: { cookie } })).text();
    expect(page).toContain('team=&quot;db&quot;, severity=~&quot;crit.*&quot;');
  });

  it('masks the secrets of an outbound webhook URL on the config page', async () => {
    const { cookie } = await signIn();
    const page = await (await fetch(`${gong.url}/console/config`, { headers: { cookie } })).text();
    for (const secret of ['webhook-query-secret', 'hunter2-password', 'webhook-signing-secret-1']) expect(page).not.toContain(secret);
    expect(page).toContain('https://•••@hooks.example.com/gong?token=•••');
  });
});
