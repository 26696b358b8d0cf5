import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCookie, startTestGong, type TestGong } from '../helpers/gong.js';

// The routes & people page: Chinese by default, English on request; the config file's keys stay as written.
const SOURCE = { name: 'demo', type: 'generic' as const, token: 'config-page-source-token' };
let gong: TestGong;
let session: string;

beforeAll(async () => {
  gong = await startTestGong({
    sources: [SOURCE],
    config: {
      timezone: 'Asia/Shanghai',
      users: [{ name: 'Alice' }, { name: 'Bob' }],
      schedules: [{ name: 'primary', rotation: { users: ['Alice', 'Bob'], start: '2026-01-05', period: 'daily' } }],
    },
  });
  session = await consoleCookie(gong);
});
afterAll(async () => {
  await gong?.close();
});

const page = async (cookie: string) => (await fetch(`${gong.url}/console/config`, { headers: { cookie } })).text();

describe('the routes & people page', () => {
  it('speaks Chinese by default', async () => {
    const html = await page(session);
    expect(html).toContain('<h1>路由、升级策略、值班表和用户</h1>');
    expect(html).toContain('<h2 id="schedules">值班表</h2>');
    expect(html).toContain('<h2 id="escalations">升级策略</h2>');
    expect(html).toMatch(/值班到 \d{4}-\d\d-\d\d 09:00/);
    expect(html).toContain('每天轮换，09:00 交接，从 2026-01-05 开始');
    expect(html).toContain('<h2 id="webhooks">外发 Webhook</h2><p class="muted">无。</p>');
    expect(html).toContain('<code>POST /hooks/demo</code>');
    expect(html).not.toMatch(/On call now|None configured|Sources/);
  });

  it('speaks English after the language switch', async () => {
    const switched = await fetch(`${gong.url}/console/language/en`, { redirect: 'manual' });
    const html = await page(`${session}; ${switched.headers.getSetCookie()[0]!.split(';')[0]}`);
    expect(html).toContain('<h1>Routes, escalations, schedules and users</h1>');
    expect(html).toMatch(/until \d{4}-\d\d-\d\d 09:00/);
    expect(html).toContain('daily, hand-off at 09:00, starting 2026-01-05');
    expect(html).not.toMatch(/值班|路由/);
  });
});
