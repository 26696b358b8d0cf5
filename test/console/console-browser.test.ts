import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGong, type TestGong } from '../helpers/gong.js';

const ARTIFACTS = 'test/artifacts';
const SOURCE = { name: 'demo', type: 'generic' as const, token: 'browser-source-token' };

let gong: TestGong;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gong = await startTestGong({ sources: [SOURCE], config: { locale: 'en' }, sandbox: true });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await gong?.close();
});

const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
const larkCard = () => page.locator('#lark-feed .lk-card').first();
const dingtalkCard = () => page.locator('#dingtalk-feed .dt-card').first();

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
    expect(await larkCard().locator('.lk-subtitle').textContent()).toContain('Triggered');
    expect(await dingtalkCard().locator('.dt-tag').textContent()).toBe('Triggered');
  });

  it('acknowledges in the DingTalk group and the Lark card follows', async () => {
    await page.getByLabel('You are').selectOption('bob');
    await dingtalkCard().getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(() => dingtalkCard().locator('.dt-tag').textContent(), { timeout: 10_000 }).toContain('Acknowledged by Bob');
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
    expect(timeline).toMatch(/ack[\s\S]*by Bob[\s\S]*snooze[\s\S]*by Carol/);
    await page.getByRole('button', { name: 'Unsnooze' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('#1');
    expect(await page.getByRole('button', { name: 'Unsnooze' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Resolved by admin');
    await shot('console-alert');
  });

  it('creates, searches, edits and deletes a chat', async () => {
    await page.goto(`${gong.url}/console/chats/new`);
    await page.getByLabel(/^Name/).fill('browser-team');
    await page.getByLabel('Type').selectOption('lark-webhook');
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
