import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCookie, startTestGong, type TestGong } from '../helpers/gong.js';

// The configured locale is Chinese; a person may switch their console to English, and back.
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
let gong: TestGong;

beforeAll(async () => {
  gong = await startTestGong({ sources: [SOURCE], config: { locale: 'zh-CN' } });
});
afterAll(async () => {
  await gong?.close();
});

const html = async (path: string, cookie = '') => (await fetch(`${gong.url}${path}`, { headers: { cookie } })).text();

describe('the console language', () => {
  it('speaks the configured locale, on the sign-in page too', async () => {
    const page = await html('/console/login');
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('登录 Gong');
    const signedIn = await html('/console/incidents', await consoleCookie(gong));
    expect(signedIn).toContain('退出登录');
    expect(signedIn).not.toContain('>Sign out<');
  });

  it('switches to the chosen language and comes back to the same page', async () => {
    const session = await consoleCookie(gong);
    const switched = await fetch(`${gong.url}/console/language/en?back=${encodeURIComponent('/console/incidents?state=open')}`, { redirect: 'manual', headers: { cookie: session } });
    expect(switched.status).toBe(302);
    expect(switched.headers.get('location')).toBe('/console/incidents?state=open');
    const choice = switched.headers.getSetCookie().find((c) => c.startsWith('gong_console_locale='))!;
    expect(choice).toMatch(/httponly/i);
    const page = await html('/console/incidents', `${session}; ${choice.split(';')[0]}`);
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('Sign out');
    expect(page).toContain('href="/console/language/zh-CN?back=%2Fconsole%2Fincidents"');
  });

  it('refuses a language it does not have, and a way back off this site', async () => {
    expect((await fetch(`${gong.url}/console/language/fr`, { redirect: 'manual' })).status).toBe(404);
    const away = await fetch(`${gong.url}/console/language/en?back=//evil.example.com/`, { redirect: 'manual' });
    expect(away.headers.get('location')).toBe('/console');
  });
});
