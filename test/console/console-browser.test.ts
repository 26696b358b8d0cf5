import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { openBrowserPage } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/start-sandbox.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';

const ARTIFACTS = 'test/artifacts';
const SOURCE = { name: 'demo', type: 'generic' as const, token: 'browser-source-token' };

let gong: TestGong;
let browser: Browser;
let page: Page;
const refusedByPolicy: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gong = await startTestGong({
    sources: [SOURCE],
    config: {
      locale: 'en',
      timezone: 'Asia/Shanghai',
      users: [{ name: 'Alice' }, { name: 'Bob' }],
      schedules: [{ name: 'primary', rotation: { users: ['Alice', 'Bob'], start: '2026-01-05', period: 'daily' } }],
    },
    sandbox: true,
  });
  ({ browser, page } = await openBrowserPage());
  // Chromium reports every blocked inline script or style on the console.
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) refusedByPolicy.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await gong?.close();
});

const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
const larkCard = () => page.locator('#lark-feed .lk-card').first();
const dingtalkCard = () => page.locator('#dingtalk-feed .dt-card').first();
const sandboxOf = (test: TestGong) => (test.gong as typeof test.gong & { sandbox: Sandbox }).sandbox;

describe('the sandbox in a browser', () => {
  it('signs in with the admin token, and refuses a wrong one', async () => {
    await page.goto(`${gong.url}/sandbox`);
    expect(page.url()).toContain('/console/login');
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('not the admin token');
    await page.getByLabel('Admin token').fill(gong.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sandbox$/);
  });

  it('fires an alert and shows its card in both groups', async () => {
    await page.getByRole('button', { name: 'Fire a sample alert' }).click();
    await larkCard().waitFor();
    await dingtalkCard().waitFor();
    await page.locator('#wecom-feed .wc-card').first().waitFor();
    expect(await page.locator('#wecom-feed .wc-card .wc-desc').first().textContent()).toBe('Triggered');
    expect(await larkCard().locator('.lk-subtitle').textContent()).toContain('Triggered');
    expect(await dingtalkCard().locator('.dt-tag').textContent()).toBe('Triggered');
  });

  it('acknowledges in the DingTalk group and the Lark card follows', async () => {
    await page.getByLabel('You are').selectOption('bob');
    await dingtalkCard().getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => dingtalkCard().locator('.dt-tag').textContent(), { timeout: 10_000 }).toContain('Acknowledged by Bob');
    // DingTalk has no toast: the page shows what the card tells the clicker alone (`clickResult`).
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^#\d+ Acknowledged by Bob at \d\d:\d\d$/);
    await expect.poll(() => larkCard().locator('.lk-subtitle').textContent(), { timeout: 10_000 }).toContain('Acknowledged by Bob');
    await shot('sandbox-acknowledged');
  });

  it('snoozes from the Lark group', async () => {
    await page.getByLabel('You are').selectOption('carol');
    await larkCard().getByRole('combobox', { name: 'Snooze' }).selectOption('2h');
    await expect.poll(() => larkCard().locator('.lk-md').first().textContent(), { timeout: 10_000 }).toContain('Snoozed until');
    await expect.poll(() => dingtalkCard().locator('.dt-tag').textContent(), { timeout: 10_000 }).toContain('Snoozed until');
  });

  it('answers an @gong command typed in the Lark group', async () => {
    await page.getByLabel('Message to @Gong in Ops on-call (Lark)').fill('@gong list');
    await page.getByLabel('Message to @Gong in Ops on-call (Lark)').press('Enter');
    await page.locator('#lark-feed .thread-reply, #lark-feed .lk-card').filter({ hasText: '#1' }).nth(1).waitFor();
    await shot('sandbox-groups');
  });
});

describe('the console in a browser', () => {
  it('shows the alert with its timeline', async () => {
    await page.goto(`${gong.url}/console?q=on`);
    await page.getByRole('link', { name: '#1', exact: true }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const timeline = await page.locator('.timeline').textContent();
    expect(timeline).toMatch(/Bob acknowledged · DingTalk · [\s\S]*Carol snoozed it for 2 h, until \d\d:\d\d · Lark · /);
    await page.getByRole('button', { name: 'Unsnooze' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Snooze lifted');
    expect(await page.getByRole('button', { name: 'Unsnooze' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Resolved');
    await shot('console-alert');
  });

  it('creates, searches, edits and deletes a chat', async () => {
    await page.goto(`${gong.url}/console/chats/new`);
    await page.getByLabel('Lark custom bot', { exact: true }).check();
    await page.getByLabel('Name', { exact: true }).fill('browser-team');
    await page.getByLabel('Webhook URL').fill('https://open.feishu.cn/open-apis/bot/v2/hook/browser-secret-token-123');
    await page.getByLabel('Signing secret').fill('browser-signing-secret');
    await page.getByLabel('Keywords').fill('alert, ops');
    await page.getByRole('button', { name: 'Create chat' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Chat browser-team created.');
    expect(await page.content()).not.toContain('browser-secret-token-123');

    await page.getByLabel('Search chats').fill('browser');
    await page.getByLabel('Search chats').press('Enter');
    expect(await page.locator('tbody tr').count()).toBe(1);
    await shot('console-chats');

    await page.getByRole('link', { name: 'Edit browser-team' }).click();
    await page.getByLabel('Keywords').fill('gong');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Chat browser-team saved.');
    const saved = await gong.api<{ keywords: string[]; hasSecret: boolean }>('/api/v1/chats/browser-team');
    expect(saved).toMatchObject({ keywords: ['gong'], hasSecret: true });

    // Delete asks first: a page that says what goes, and a button to confirm.
    await page.getByRole('link', { name: 'Delete browser-team' }).click();
    expect(await page.locator('h1').textContent()).toBe('Delete chat browser-team?');
    await page.getByRole('button', { name: 'Delete browser-team' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Chat browser-team deleted.');
    expect(await page.locator('tr[data-chat="browser-team"]').count()).toBe(0);
  });

  it('draws statistics and a card preview', async () => {
    await page.goto(`${gong.url}/console/stats`);
    expect(await page.locator('svg.chart rect').count()).toBe(14);
    await shot('console-stats');
    await page.goto(`${gong.url}/console/chats/sandbox-lark/preview`);
    expect(await page.locator('.lk-card .lk-title').textContent()).toContain('#42 HighCPU on web-3');
    await page.goto(`${gong.url}/console/chats/sandbox-dingtalk/preview`);
    expect(await page.locator('.dt-card .dt-title').textContent()).toContain('#42 HighCPU on web-3');
    expect(await page.locator('.dt-card button:disabled').count()).toBe(6);
    await shot('console-preview-dingtalk');
  });
});

describe('the WeCom group in the sandbox', () => {
  const wecomCards = () => page.locator('#wecom-feed .wc-card');

  it('shows the robot card, and its action link acknowledges through the confirmation page', async () => {
    await page.goto(`${gong.url}/sandbox`);
    // The feed loads after the page: count once the first alert's card is drawn.
    await wecomCards().first().waitFor();
    const before = await wecomCards().count();
    await page.getByRole('button', { name: 'Fire a sample alert' }).click();
    await expect.poll(() => wecomCards().count(), { timeout: 15_000 }).toBe(before + 1);
    const card = wecomCards().last();
    const title = (await card.locator('.wc-title').textContent())!;
    const id = /#(\d+) /.exec(title)![1]!;
    expect(await card.locator('.wc-jump').allTextContents()).toEqual(['Acknowledge', 'Resolve', 'Assign to me']);
    expect(await card.locator('.wc-row span:first-child').allTextContents()).toEqual(['Source', 'Assignee', 'Started', 'Runbook']);
    expect(await card.locator('.wc-row a').getAttribute('href')).toMatch(/^https:\/\/runbooks\.example\.com\//);

    const [confirm] = await Promise.all([page.waitForEvent('popup'), card.getByRole('link', { name: 'Acknowledge' }).click()]);
    await confirm.getByLabel('Your name').fill('Dave');
    expect((await gong.api<{ state: string }>(`/api/v1/alerts/${id}`)).state).toBe('triggered');
    await confirm.getByRole('button', { name: 'Confirm: ack' }).click();
    await expect.poll(() => confirm.locator('h1').textContent()).toContain('Acknowledged by Dave');
    await confirm.close();

    const followUp = page.locator('#wecom-feed .wc-md').filter({ hasText: `#${id} ` }).filter({ hasText: 'Acknowledged by Dave' });
    await followUp.first().waitFor({ timeout: 15_000 });
    expect(await followUp.first().getByRole('link', { name: 'Resolve' }).count()).toBe(1);
    await expect.poll(() => page.locator('#lark-feed .lk-card').filter({ hasText: `#${id} ` }).first().locator('.lk-subtitle').textContent(), { timeout: 10_000 }).toContain(
      'Acknowledged by Dave',
    );
    const alert = await gong.api<{ timeline: { type: string; actor: string; platform: string }[] }>(`/api/v1/alerts/${id}`);
    expect(alert.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: 'Dave', platform: 'wecom' });
    await shot('sandbox-wecom');
  });
});

describe('WeCom chats, delivery status and on-call in the console', () => {
  it('sends a test message to the WeCom group and shows the robot\'s answer', async () => {
    await page.goto(`${gong.url}/console/chats`);
    const row = page.locator('tr[data-chat="sandbox-wecom"]');
    expect(await row.locator('.chat-hears').textContent()).toBe('Publishes: escalations, assignmentsDaily statistics: none');
    await row.getByRole('button', { name: 'Send test message to sandbox-wecom' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Test message sent to sandbox-wecom: the platform answered errcode 0, ok.');
    const robot = sandboxOf(gong);
    const texts = robot.wecom.messages(robot.wecomKey).map((message) => JSON.stringify(message.body));
    expect(texts.at(-1)).toContain('Gong test message');
    expect(await page.locator('tr[data-chat="sandbox-wecom"] .chat-delivery .state').textContent()).toBe('ok');
    await page.goto(`${gong.url}/sandbox`);
    await page.locator('#wecom-feed .wc-md').filter({ hasText: 'Gong test message' }).waitFor();
  });

  it('creates a WeCom chat with its publish and daily statistics settings, and shows a refused test message', async () => {
    const local = sandboxOf(gong).wecom;
    await page.goto(`${gong.url}/console/chats/new`);
    await page.getByLabel('WeCom group robot', { exact: true }).check();
    await page.getByLabel('Name', { exact: true }).fill('wecom-removed');
    await page.getByLabel('Webhook URL').fill(local.webhook('robot-key-that-was-removed'));
    await page.getByLabel('Card format').selectOption('markdown');
    await page.getByLabel('Assignments (mentioning the assignee)').uncheck();
    await page.getByLabel('Resolutions (with the note)').check();
    await page.getByLabel('Daily statistics at').fill('09:00, 18:30');
    await page.getByRole('button', { name: 'Create chat' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Chat wecom-removed created.');
    expect(await page.content()).not.toContain('robot-key-that-was-removed');
    const saved = await gong.api<Record<string, unknown>>('/api/v1/chats/wecom-removed');
    expect(saved).toMatchObject({ type: 'wecom-webhook', format: 'markdown', publish: ['escalations', 'resolutions'], dailyStats: ['09:00', '18:30'] });
    expect(saved.webhook).toBe(`${local.url}/cgi-bin/webhook/send?key=•••`);

    const row = page.locator('tr[data-chat="wecom-removed"]');
    expect(await row.locator('.chat-hears').textContent()).toBe('Publishes: escalations, resolutionsDaily statistics: 09:00, 18:30 (Asia/Shanghai)');
    expect(await row.locator('.chat-delivery').textContent()).toBe('nothing sent yet');
    await row.getByRole('button', { name: 'Send test message to wecom-removed' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Test message to wecom-removed failed');
    expect(await page.getByRole('status').textContent()).toContain('errcode 93000');
    expect(await row.locator('.chat-delivery .state').textContent()).toBe('failed');
    expect(await row.locator('.delivery-error').textContent()).toContain('errcode 93000');
    await shot('console-chats-wecom');

    // Kept in the database: what the API (any instance) answers is what the page showed.
    const after = await gong.api<{ lastDelivery: { ok: boolean; error: string; lastSuccessAt: string | null } }>('/api/v1/chats/wecom-removed');
    expect(after.lastDelivery).toMatchObject({ ok: false, lastSuccessAt: null });
    expect(after.lastDelivery.error).toContain('errcode 93000');
    expect(after.lastDelivery.error).not.toContain('robot-key-that-was-removed');

    await page.getByRole('link', { name: 'Edit wecom-removed' }).click();
    expect(await page.getByLabel('Resolutions (with the note)').isChecked()).toBe(true);
    expect(await page.getByLabel('Daily statistics at').inputValue()).toBe('09:00, 18:30');
    await page.getByLabel('Daily statistics at').fill('25:00');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Not saved: Daily statistics at: “25:00” is not a 24-hour time such as 09:00.');
    expect(await page.getByLabel('Daily statistics at').getAttribute('aria-invalid')).toBe('true');
    await page.goto(`${gong.url}/console/chats/wecom-removed/delete`);
    await page.getByRole('button', { name: 'Delete wecom-removed' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Chat wecom-removed deleted.');
  });

  it('previews the WeCom card the way the client draws it', async () => {
    await page.goto(`${gong.url}/console/chats/sandbox-wecom/preview`);
    expect(await page.locator('.wc-card .wc-title').textContent()).toContain('#42 HighCPU on web-3');
    expect(await page.locator('.wc-card .wc-jump').allTextContents()).toEqual(['Acknowledge', 'Resolve', 'Assign to me']);
    expect(await page.locator('.wc-card a.wc-jump').count()).toBe(0);
    await shot('console-preview-wecom');
  });

  it('shows who is on call now and next for each schedule', async () => {
    await page.goto(`${gong.url}/console/config`);
    const row = page.locator('tr[data-schedule="primary"]');
    const now = (await row.locator('.oncall-now strong').textContent())!;
    const next = (await row.locator('.oncall-next strong').textContent())!;
    // A daily rotation of two hands over to the other person at 09:00 in the schedule's zone.
    expect([now, next].sort()).toEqual(['Alice', 'Bob']);
    expect(await row.locator('.oncall-now').textContent()).toMatch(/until \d{4}-\d\d-\d\d 09:00$/);
    expect(await row.locator('.oncall-next').textContent()).toMatch(/from \d{4}-\d\d-\d\d 09:00$/);
    expect(await row.textContent()).toContain('Asia/Shanghai');
    await shot('console-config');
  });

  it('ran every page above under the Content-Security-Policy, which refuses framing', async () => {
    expect(refusedByPolicy).toEqual([]);
    for (const path of ['/console/login', '/sandbox', '/a/not-a-signed-link']) {
      const response = await fetch(`${gong.url}${path}`, { redirect: 'manual' });
      expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});
