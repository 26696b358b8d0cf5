import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionLinkKey, signActionLink } from '../../src/domain/action-link.js';
import { openBrowserPage } from '../helpers/browser.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';
import type { TestGong } from '../helpers/gong.js';

/**
 * Every console page, the sandbox and the action-link pages on a 390 × 844 phone, twice: as a phone
 * shows them (mobile emulation: a page too wide silently widens the layout viewport, so
 * `innerWidth` must stay 390) and as a narrow desktop window (no sideways scrolling). Screenshots
 * go to $GONG_SCREENSHOTS, else test-results/phone/.
 */
const SHOTS = process.env.GONG_SCREENSHOTS || 'test-results/phone';
const SOURCE = { name: 'k8s-production-cluster', type: 'generic' as const, token: 'phone-pages-source-token' };
const WIDTH = 390;
const HEIGHT = 844;
const MODES = {
  phone: { viewport: { width: WIDTH, height: HEIGHT }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
  narrow: { viewport: { width: WIDTH, height: HEIGHT }, isMobile: false },
} as const;
type Mode = keyof typeof MODES;

/** Words without a break opportunity, as labels and pod names are. */
const LONG_POD = 'payments-api-deployment-7f9c8d6b5d-x2v9k-with-a-sidecar-named-istio-proxy-and-more';
const LONG_NAME = 'wecom-payments-platform-oncall-robot-in-the-shanghai-office';

let running: SandboxGong;
let gong: TestGong;
let browser: Browser;
const contexts = {} as Record<Mode, BrowserContext>;
const pages = {} as Record<Mode, Page>;
let incident: number;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  running = await startSandboxGong({
    sources: [SOURCE],
    sandbox: true,
    dingtalk: { robots: [{ accessToken: 'phone-robot', keywords: ['alert'] }] },
    lark: { customBots: [{ token: 'phone-bot', secret: 'phone-bot-secret', keywords: ['alert'] }] },
    wecom: { robots: [{ key: 'phone-wecom-key' }, { key: 'phone-wecom-markdown-key' }] },
    config: ({ dingtalk, lark, wecom }) => ({
      locale: 'en',
      timezone: 'Asia/Shanghai',
      chats: [
        { name: 'dingtalk-custom-robot-for-the-database-team', type: 'dingtalk-webhook', webhook: `${dingtalk.url}/robot/send?access_token=phone-robot`, keywords: ['alert'] },
        { name: 'lark-bot', type: 'lark-webhook', webhook: `${lark.url}/open-apis/bot/v2/hook/phone-bot`, secret: 'phone-bot-secret', keywords: ['alert'], publish: ['escalations', 'assignments', 'resolutions'] },
        { name: LONG_NAME, type: 'wecom-webhook', webhook: wecom.webhook('phone-wecom-key'), locale: 'zh-CN' },
      ],
      users: [
        { name: 'Alice', mobile: '+86 138 0013 8000', email: 'alice.with.a.long.address@payments-platform.example.com' },
        { name: 'Bob', email: 'bob@example.com' },
      ],
      schedules: [{ name: 'primary-payments-rotation', rotation: { users: ['Alice', 'Bob'], start: '2026-01-05', period: 'weekly' } }],
      escalations: [{ name: 'critical', steps: [{ after: '0m', mention: ['schedule:primary-payments-rotation'] }, { after: '15m', mention: ['Alice', 'Bob'] }], repeat: 1, ackTimeout: '4h' }],
    }),
  });
  gong = running.gong;
  // A chat kept in the database, so the edit form has one to edit.
  await gong.api('/api/v1/chats', { body: { name: 'wecom-markdown', type: 'wecom-webhook', webhook: running.wecom.webhook('phone-wecom-markdown-key'), format: 'markdown' } });
  ({ browser } = await openBrowserPage());
  for (const mode of Object.keys(MODES) as Mode[]) {
    contexts[mode] = await browser.newContext(MODES[mode]);
    pages[mode] = await contexts[mode].newPage();
    pages[mode].setDefaultTimeout(20_000);
  }
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

/** What the test found wrong with a page, as readable strings (empty when it fits). */
async function problems(page: Page, mode: Mode, name: string, signedIn: boolean): Promise<string[]> {
  await page.screenshot({ path: `${SHOTS}/${mode}-${name}.png`, fullPage: true });
  const found: string[] = [];
  const { innerWidth, scrollWidth } = await page.evaluate(() => ({ innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth }));
  if (innerWidth !== WIDTH) found.push(`the layout viewport widened to ${innerWidth}px`);
  if (scrollWidth > innerWidth) found.push(`the page is ${scrollWidth}px wide`);
  if (innerWidth !== WIDTH || scrollWidth > innerWidth) {
    // Name the outermost elements that stick out, so a failure says where to look.
    found.push(
      ...(await page.evaluate((width) => {
        // An absolutely positioned element escapes a scrolling box that is not its containing block.
        const scrolls = (element: HTMLElement) => {
          if (getComputedStyle(element).position === 'absolute') return false;
          for (let up = element.parentElement; up; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return true;
          return false;
        };
        const out = [...document.querySelectorAll<HTMLElement>('body *')].filter((element) => element.getBoundingClientRect().right > width + 1 && !scrolls(element));
        return out
          .filter((element) => !out.includes(element.parentElement!))
          .slice(0, 5)
          .map((element) => `sticks out: <${element.tagName.toLowerCase()} class="${element.className}"> to ${Math.round(element.getBoundingClientRect().right)}px`);
      }, WIDTH)),
    );
  }
  if (signedIn) {
    const signOut = page.locator('form.signout button');
    const box = (await signOut.isVisible()) ? await signOut.boundingBox() : null;
    if (!box) found.push('no visible Sign out button');
    else if (box.x < 0 || box.y < 0 || box.x + box.width > WIDTH || box.y + box.height > HEIGHT) found.push(`Sign out is outside the screen: ${JSON.stringify(box)}`);
  }
  // Tap targets: everything a thumb presses, as far as it is shown.
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a.button, input[type=submit], nav a')]
      .filter((element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden' && !element.closest('.sr'))
      .map((element) => ({ text: (element.textContent ?? '').trim().slice(0, 40), height: element.getBoundingClientRect().height }))
      .filter(({ height }) => height < 40)
      .map(({ text, height }) => `"${text}" is ${height.toFixed(1)}px tall`),
  );
  found.push(...small);
  return found;
}

async function visit(mode: Mode, path: string): Promise<Page> {
  const page = pages[mode];
  const response = await page.goto(`${gong.url}${path}`);
  expect(response?.status(), `${mode} ${path}`).toBeLessThan(400);
  return page;
}

/** Every page's problems in both modes, asserted at the end of each test (so one bad page does not hide the others). */
const found: Record<string, string[]> = {};
async function check(mode: Mode, name: string, signedIn = true): Promise<void> {
  const wrong = await problems(pages[mode], mode, name, signedIn);
  if (wrong.length) found[`${mode} ${name}`] = wrong;
}
function expectAllFit(): void {
  const wrong = { ...found };
  for (const key of Object.keys(found)) delete found[key];
  expect(wrong).toEqual({});
}

const modes = Object.keys(MODES) as Mode[];

describe('on a 390 × 844 phone', () => {
  it('the sign-in page fits, and signs in', async () => {
    for (const mode of modes) {
      const page = await visit(mode, '/console/login');
      await check(mode, 'sign-in', false);
      await page.locator('#token').fill(gong.adminToken);
      await page.locator('form[action="/console/login"] button[type=submit]').click();
      await page.waitForURL(/\/console(\/incidents)?$/);
    }
    expectAllFit();
  });

  it('the empty incident list fits', async () => {
    for (const mode of modes) {
      await visit(mode, '/console/incidents');
      await check(mode, 'incidents-empty');
    }
    expectAllFit();
  });

  it('the incident list and a group of alerts with long labels fit', async () => {
    const pods = [1, 2, 3, 4, 5].map((n) => ({
      title: 'KubernetesPodCrashLoopingWithAVeryLongAlertNameThatNeverBreaks',
      severity: 'critical',
      group: 'payments',
      description: `Pod ${LONG_POD}-${n} restarted 17 times in the last 10 minutes; see https://grafana.example.com/d/abcdefghijklmnopqrstuvwxyz/kubernetes-compute-resources-pod?var-pod=${LONG_POD}`,
      labels: { alertname: 'KubernetesPodCrashLooping', namespace: 'payments-production-eu-central', pod: `${LONG_POD}-${n}`, container: 'istio-proxy-sidecar-container' },
    }));
    [incident] = (await gong.hook(pods)).opened as [number];
    await gong.hook([{ title: 'DiskAlmostFull', severity: 'warning', labels: { alertname: 'DiskAlmostFull', mountpoint: '/var/lib/postgresql/data/with/a/long/path' } }]);
    await gong.api(`/api/v1/alerts/${incident}/actions`, { body: { action: 'ack', actor: 'Alice' } });
    for (const mode of modes) {
      await visit(mode, '/console/incidents');
      await check(mode, 'incidents');
      await visit(mode, `/console/incidents/${incident}`);
      await check(mode, 'incident');
    }
    expectAllFit();
  });

  it('the chat pages fit: list, new, edit, preview', async () => {
    for (const mode of modes) {
      for (const [path, name] of [
        ['/console/chats', 'chats'],
        ['/console/chats/new', 'chat-new'],
        ['/console/chats/wecom-markdown/edit', 'chat-edit'],
        ['/console/chats/sandbox-lark/preview', 'chat-preview'],
      ] as const) {
        await visit(mode, path);
        await check(mode, name);
      }
    }
    expectAllFit();
  });

  it('users, routes & people, and statistics fit', async () => {
    for (const mode of modes) {
      for (const [path, name] of [
        ['/console/users', 'users'],
        ['/console/config', 'config'],
        ['/console/stats', 'stats'],
      ] as const) {
        await visit(mode, path);
        await check(mode, name);
      }
    }
    expectAllFit();
  });

  it('the sandbox fits with its three groups and their cards', async () => {
    for (const mode of modes) {
      const page = await visit(mode, '/sandbox');
      expect(await page.locator('section.group').count()).toBe(3);
      await page.locator('#dingtalk-feed .dt-card').first().waitFor();
      await page.locator('#lark-feed .lk-card').first().waitFor();
      await page.locator('#wecom-feed .wc-card').first().waitFor();
      await check(mode, 'sandbox');
    }
    expectAllFit();
  });

  it('the action-link pages fit: the confirmation, and the result', async () => {
    const key = actionLinkKey(gong.adminToken);
    for (const mode of modes) {
      const id = (await gong.hook([{ title: `Phone link ${mode}`, severity: 'critical', labels: { pod: `${LONG_POD}-${mode}` } }])).opened[0]!;
      const page = await visit(mode, `/a/${signActionLink({ alertId: id, action: 'ack', args: {}, chat: LONG_NAME }, key)}`);
      await check(mode, 'action-confirm', false);
      await page.locator('#actor').fill('Wang Fang');
      await page.locator('form[method=post] button[type=submit]').click();
      await page.waitForURL(/\/done/);
      await check(mode, 'action-result', false);
    }
    expectAllFit();
  });
});
