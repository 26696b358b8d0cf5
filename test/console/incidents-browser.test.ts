import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserPage } from '../helpers/browser.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';

const ARTIFACTS = 'test/artifacts';
const SOURCE = { name: 'k8s', type: 'generic' as const, token: 'incidents-browser-token' };

let gong: TestGong;
let browser: Browser;
let page: Page;
let node: number;
let disk: number;
const refusedByPolicy: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gong = await startTestGong({ sources: [SOURCE], config: { locale: 'en', timezone: 'Asia/Shanghai' } });
  const pods = ['web-1', 'web-2', 'web-3'].map((pod) => ({ title: 'PodCrashLooping', severity: 'warning', group: 'node-7', labels: { alertname: 'PodCrashLooping', node: 'node-7', pod } }));
  node = (await gong.hook(pods)).opened[0]!;
  disk = (await gong.hook([{ title: 'DiskFull', severity: 'critical', group: 'disk', labels: { alertname: 'DiskFull', node: 'node-7', mount: '/var' } }])).opened[0]!;
  ({ browser, page } = await openBrowserPage());
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) refusedByPolicy.push(message.text());
  });
  await page.goto(`${gong.url}/console/incidents`);
  await page.getByLabel('Admin token').fill(gong.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/console\/incidents$/);
});

afterAll(async () => {
  await browser?.close();
  await gong?.close();
});

const shot = (name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
const status = () => page.getByRole('status').textContent();
const alertRows = () => page.locator('table.stack tbody tr[data-alert]');
const timeline = () => page.locator('.timeline').textContent();
/** No sideways scroll: nothing on the page is wider than the screen. */
const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('incidents in the console', () => {
  it('lists incidents with their counts, and filters them', async () => {
    expect(await page.getByRole('link', { name: 'Incidents' }).getAttribute('aria-current')).toBe('page');
    const row = page.locator('tbody tr').filter({ hasText: `#${node}` });
    expect(await row.textContent()).toMatch(/PodCrashLooping[\s\S]*Warning[\s\S]*Triggered[\s\S]*3 firing \/ 3/);
    await page.getByLabel('Search').fill('Disk');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr').textContent()).toContain(`#${disk}`);
    await page.getByLabel('Search').fill('');
    await page.getByLabel('State').selectOption('resolved');
    await page.getByRole('button', { name: 'Filter' }).click();
    expect(await page.getByText('No incidents match.').count()).toBe(1);
    await page.getByRole('link', { name: 'Clear the filter' }).click();
    expect(await page.locator('tbody tr').count()).toBe(2);
  });

  it('shows an incident with its alerts told apart by their labels, and its timeline in words', async () => {
    await page.goto(`${gong.url}/console/incidents`);
    await page.getByRole('link', { name: `#${node}`, exact: true }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await alertRows().count()).toBe(3);
    // The labels all three share are the incident's; each row shows only its own.
    expect(await alertRows().locator('td[data-label="Labels that tell it apart"]').allTextContents()).toEqual(['pod=web-1', 'pod=web-2', 'pod=web-3']);
    expect(await page.locator('table.facts').textContent()).toContain('3 firing of 3');
    expect(await timeline()).toMatch(/^Opened by k8s · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(status).toBe('Acknowledged');
    expect(await page.locator('main .panel p').first().textContent()).toMatch(/^Acknowledged Acknowledged by admin at \d\d:\d\d$/);
    expect(await timeline()).toMatch(/admin acknowledged · console · \d\d:\d\d$/);
  });

  it('merges another incident into this one after asking to confirm', async () => {
    await page.getByLabel('Merge another incident into this one').fill(String(node));
    await page.getByRole('button', { name: 'Merge…' }).click();
    await expect.poll(status).toBe('An incident cannot be merged into itself');
    await page.getByLabel('Merge another incident into this one').fill(`#${disk}`);
    await page.getByRole('button', { name: 'Merge…' }).click();
    await page.getByRole('heading', { name: `Merge #${disk} into #${node}?` }).waitFor();
    // Nothing is merged until it is confirmed.
    expect((await gong.api<{ mergedInto: number | null }>(`/api/v1/incidents/${disk}`)).mergedInto).toBeNull();
    await shot('console-incident-merge-confirm');
    await page.getByRole('button', { name: 'Confirm merge' }).click();
    await expect.poll(status).toBe(`Merged #${disk} into #${node}: 4 alerts here now.`);
    expect(await alertRows().count()).toBe(4);
    expect(await timeline()).toContain(`admin merged #${disk} into this incident (1 alert) · console`);

    await page.locator('.timeline').getByRole('link', { name: `#${disk}` }).click();
    expect(await page.locator('main').textContent()).toContain(`Merged into #${node}`);
    expect(await timeline()).toContain(`admin merged this incident into #${node} · console`);
    // A merged incident offers no merge or split.
    expect(await page.getByRole('button', { name: 'Merge…' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reopen' }).count()).toBe(0);
    await page.locator('main p.flash').getByRole('link', { name: `#${node}` }).click();
    await page.waitForURL(new RegExp(`/console/incidents/${node}$`));
  });

  it('splits one alert out into a new incident', async () => {
    const row = alertRows().filter({ hasText: 'pod=web-2' });
    await row.getByRole('button', { name: /Move to a new incident/ }).click();
    await expect.poll(status).toMatch(/^Alert \d+ moved to a new incident, #\d+\.$/);
    const created = Number(/#(\d+)\.$/.exec((await status())!)![1]);
    expect(await alertRows().count()).toBe(3);
    expect(await alertRows().filter({ hasText: 'pod=web-2' }).count()).toBe(0);
    expect(await timeline()).toContain(`admin moved 1 alert to a new incident #${created} · console`);
    await page.locator('.timeline').getByRole('link', { name: `#${created}` }).click();
    expect(await page.locator('h1').textContent()).toContain(`#${created} PodCrashLooping`);
    expect(await alertRows().allTextContents()).toEqual([expect.stringContaining('firing')]);
    // Its only alert cannot be split out of it.
    expect(await page.getByRole('button', { name: /Move to a new incident/ }).count()).toBe(0);
    expect(await timeline()).toContain(`admin split this incident from #${node} · console`);
    await shot('console-incident-split');
  });

  it('snoozes and comments from the page, saying what it did on the zone clock, in either language', async () => {
    await page.goto(`${gong.url}/console/incidents/${node}`);
    await page.getByLabel('Snooze for').selectOption('2h');
    await page.getByRole('button', { name: 'Snooze', exact: true }).click();
    await expect.poll(status).toMatch(/^Snoozed until /);
    const until = (await gong.api<{ snoozedUntil: string }>(`/api/v1/incidents/${node}`)).snoozedUntil;
    const shanghai = new Date(Date.parse(until) + 8 * 3_600_000).toISOString().slice(11, 16);
    expect(await status()).toMatch(new RegExp(`^Snoozed until (\\d{4}-\\d\\d-\\d\\d )?${shanghai}$`));
    expect(await timeline()).toMatch(new RegExp(`admin snoozed it for 2 h, until (\\d{4}-\\d\\d-\\d\\d )?${shanghai} · console`));
    await page.getByLabel(/^Comment/).fill('kubelet restarted on node-7');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await expect.poll(status).toBe('Comment added to the timeline');
    expect(await timeline()).toContain('admin commented: “kubelet restarted on node-7” · console');

    await page.getByRole('link', { name: '中文' }).click();
    await page.getByRole('heading', { name: '时间线' }).waitFor();
    expect(await timeline()).toContain('admin 评论：“kubelet restarted on node-7” · 控制台');
    await page.getByLabel(/^评论/).fill('磁盘已清理');
    await page.getByRole('button', { name: '发表评论' }).click();
    await expect.poll(status).toBe('评论已记入时间线');
    expect(await timeline()).toContain('admin 评论：“磁盘已清理” · 控制台');
    await shot('console-incident-zh');
    await page.getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  });

  it('fits a 390px phone screen, with no policy refusals', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/console/incidents', `/console/incidents/${node}`, `/console/incidents/${disk}`]) {
      await page.goto(`${gong.url}${path}`);
      expect(await fitsWidth(), path).toBe(true);
    }
    await shot('console-incident-phone');
    // The old address of an alert's page leads to its incident.
    await page.goto(`${gong.url}/console/alerts/${node}`);
    expect(page.url()).toBe(`${gong.url}/console/incidents/${node}`);
    await page.goto(`${gong.url}/console/alerts?summary=1&chat=ops`);
    expect(page.url()).toBe(`${gong.url}/console/incidents`);
    expect(refusedByPolicy).toEqual([]);
  });
});
