import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionLinkKey, signActionLink } from '../../src/domain/action-link.js';
import { startWeComServer, type WeComServerHandle } from '../../src/sandbox/wecom/server.js';
import { openBrowserPage } from '../helpers/browser.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';
import { type AlertWithTimeline, alertDetail, postAlert, SOURCE } from '../platforms/dingtalk/gong-fixture.js';

/**
 * The pages behind the links of WeCom and custom-robot messages, as an on-call person uses them on
 * a phone at night: the name is asked once, a link someone else already acted on says so, and the
 * result page can be reloaded without acting twice.
 */
const ZONE = 'Asia/Shanghai';
let wecom: WeComServerHandle;
let gong: TestGong;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  wecom = await startWeComServer({ robots: [{ key: 'phone-links-en' }, { key: 'phone-links-zh' }] });
  gong = await startTestGong({
    sources: [SOURCE],
    config: {
      locale: 'en',
      timezone: ZONE,
      chats: [
        { name: 'ops-en', type: 'wecom-webhook', webhook: wecom.webhook('phone-links-en') },
        { name: 'ops-zh', type: 'wecom-webhook', webhook: wecom.webhook('phone-links-zh'), locale: 'zh-CN' },
      ],
    },
  });
  ({ browser } = await openBrowserPage());
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});

afterAll(async () => {
  await browser?.close();
  await gong?.close();
  await wecom?.stop();
});

const link = (alertId: number, action: string, chat = 'ops-en', args: Record<string, string> = {}) =>
  `${gong.url}/a/${signActionLink({ alertId, action, args, chat }, actionLinkKey(gong.adminToken))}`;
const confirm = () => page.locator('form[method=post] button[type=submit]');
/** `08:46` as the configured zone shows an instant of today. */
const clock = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));

describe('action-link pages on a phone', () => {
  it('ask the name once: the next link comes with it filled in, and acts as that person', async () => {
    const first = await postAlert(gong, { title: 'Remember me 1', severity: 'warning' });
    await page.goto(link(first, 'ack'));
    expect(await page.locator('#actor').inputValue()).toBe('');
    expect(await page.locator('#remembered').count()).toBe(0);
    await page.locator('#actor').fill('Wang Fang');
    await confirm().click();
    await page.waitForURL(/\/done\?/);

    const cookie = (await context.cookies()).find((c) => c.name === 'gong_actor')!;
    expect(cookie).toMatchObject({ value: 'Wang%20Fang', httpOnly: true, sameSite: 'Lax' });
    // Long-lived: a year, not the browser session.
    expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(300 * 86_400_000);

    const second = await postAlert(gong, { title: 'Remember me 2', severity: 'warning' });
    await page.goto(link(second, 'resolve'));
    expect(await page.locator('#actor').inputValue()).toBe('Wang Fang');
    expect(await page.locator('#remembered').textContent()).toBe('Remembered from last time on this device.');
    await confirm().click();
    await page.waitForURL(/\/done\?/);
    expect(await alertDetail(gong, second)).toMatchObject({ state: 'resolved', resolvedBy: 'Wang Fang' });
  });

  it('forget a remembered name the form would not take as it is', async () => {
    const id = await postAlert(gong, { title: 'Odd cookie', severity: 'info' });
    for (const value of ['Wang%07Fang', '%20Wang', encodeURIComponent('x'.repeat(101)), '%E0%A4%A']) {
      await context.addCookies([{ name: 'gong_actor', value, url: gong.url }]);
      await page.goto(link(id, 'ack'));
      expect(await page.locator('#actor').inputValue(), value).toBe('');
    }
    await context.clearCookies();
  });

  it('a stale link says what already happened, in the chat language and the configured zone, before offering Confirm', async () => {
    const id = await postAlert(gong, { title: 'Someone got there first', severity: 'critical' });
    await page.goto(link(id, 'ack'));
    expect(await page.locator('.stale').count()).toBe(0);

    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'ack', actor: 'Alice' } });
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'assign', actor: 'Alice', args: { user: 'Bob' } } });
    const at = clock((await alertDetail(gong, id)).acknowledgedAt!);
    await page.goto(link(id, 'ack'));
    expect(await page.locator('.stale li').allTextContents()).toEqual([`Already acknowledged by Alice at ${at}.`, 'Already assigned to Bob.']);
    // The news comes first; Confirm is still offered below it.
    expect(await page.locator('.stale ~ form button[type=submit]').count()).toBe(1);

    await page.goto(link(id, 'resolve', 'ops-zh'));
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('.stale li').allTextContents()).toEqual([`Alice 已于 ${at} 认领。`, '已分配给 Bob。']);

    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'resolve', actor: 'Carol' } });
    const resolvedAt = clock((await alertDetail(gong, id)).resolvedAt!);
    await page.goto(link(id, 'ack'));
    expect(await page.locator('.stale li').first().textContent()).toBe(`Already resolved by Carol at ${resolvedAt}.`);
  });

  it('the result comes after a redirect: reloading it shows it again and acts no more', async () => {
    const id = await postAlert(gong, { title: 'Reload me', severity: 'critical' });
    await page.goto(link(id, 'snooze', 'ops-en', { duration: '2h' }));
    await page.locator('#actor').fill('Li Lei');
    await confirm().click();
    await page.waitForURL(/\/done\?/);
    const shown = await page.locator('h1').textContent();
    expect(shown).toMatch(new RegExp(`^#${id} `));
    const events = (await alertDetail(gong, id)).timeline;
    expect(events.map((event) => event.type)).toEqual(['opened', 'snoozed']);

    for (let reload = 0; reload < 2; reload++) {
      const again = await page.reload();
      expect(again?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe(shown);
    }
    expect((await alertDetail(gong, id)).timeline).toEqual(events);

    // The POST itself answers 303 to the result page, never the page.
    const posted = await fetch(link(id, 'ack'), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=Li+Lei' });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toMatch(/^\/a\/[\w.-]+\/done\?r=[\w.-]+$/);
  });

  it('a result page that was not Gong’s own answer is refused', async () => {
    const id = await postAlert(gong, { title: 'Forged result', severity: 'info' });
    const posted = await fetch(link(id, 'ack'), { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=Li+Lei' });
    const location = posted.headers.get('location')!;
    const forged = `${Buffer.from(JSON.stringify({ s: 'done', m: 'Send your password to evil.example' })).toString('base64url')}.${location.split('.').at(-1)}`;
    const answer = await fetch(`${gong.url}${location.replace(/r=.*$/, `r=${forged}`)}`);
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toContain('evil.example');
    // Nor does one link's result open on another link's page.
    const other = new URL(link(id, 'resolve')).pathname;
    expect((await fetch(`${gong.url}${other}/done?${location.split('?')[1]}`)).status).toBe(404);
    expect((await alertDetail(gong, id)).timeline.map((event: AlertWithTimeline['timeline'][number]) => event.type)).toEqual(['opened', 'acknowledged']);
  });
});
