import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { openBrowserPage } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from '../../src/db/schema.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';

const ARTIFACTS = 'test/artifacts';
const SOURCE = { name: 'demo', type: 'generic' as const, token: 'users-browser-source-token' };
const ACCOUNT = 'ou_console_linked_1';

let gong: TestGong;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gong = await startTestGong({ sources: [SOURCE], config: { locale: 'en', users: [{ name: 'Alice' }, { name: 'Bob' }] }, sandbox: true });
  ({ browser, page } = await openBrowserPage());
});

afterAll(async () => {
  await browser?.close();
  await gong?.close();
});

const linkedTo = async (id: string) =>
  (await gong.gong.parts.database.db.select().from(people)).filter((row) => row.platformId === id).map((row) => ({ user: row.userName, app: row.app, by: row.linkedBy }));
const status = () => page.getByRole('status').textContent();

describe('the console Users page', () => {
  it('links an account not seen yet to a user, by keyboard-labelled fields', async () => {
    await page.goto(`${gong.url}/console/users`);
    await page.getByLabel('Admin token').fill(gong.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/users$/);

    await page.getByLabel('User', { exact: true }).selectOption('Bob');
    await page.getByLabel('App', { exact: true }).selectOption({ label: 'Lark / lark' });
    await page.getByLabel('Account id').fill(ACCOUNT);
    await page.getByRole('button', { name: 'Link account' }).click();
    await expect.poll(status).toBe(`lark:${ACCOUNT} in app lark is Bob (not seen in a chat yet).`);
    expect(await linkedTo(ACCOUNT)).toEqual([{ user: 'Bob', app: 'lark', by: 'cli' }]);
    const bobRow = page.locator('tr[data-user="Bob"]', { hasText: ACCOUNT });
    expect(await bobRow.textContent()).toContain('by hand');
    await page.screenshot({ path: `${ARTIFACTS}/console-users-linked.png`, fullPage: true });
  });

  it('unlinks it, and links the account, now seen linked to nobody, to another user', async () => {
    await page.getByRole('button', { name: `Unlink ${ACCOUNT} from Bob` }).click();
    await expect.poll(status).toBe(`lark:${ACCOUNT} in app lark is no longer linked to Bob.`);
    expect(await linkedTo(ACCOUNT)).toEqual([{ user: null, app: 'lark', by: null }]);

    const stranger = page.locator(`tr[data-account="${ACCOUNT}"]`);
    await stranger.getByLabel(`User for ${ACCOUNT}`).selectOption('Alice');
    await stranger.getByRole('button', { name: `Link ${ACCOUNT}` }).click();
    await expect.poll(status).toBe(`lark:${ACCOUNT} in app lark is Alice.`);
    expect(await linkedTo(ACCOUNT)).toEqual([{ user: 'Alice', app: 'lark', by: 'cli' }]);
    expect(await page.locator(`tr[data-account="${ACCOUNT}"]`).count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/console-users-relinked.png`, fullPage: true });
  });

  it('refuses a link without the session CSRF token, and a user who is not configured', async () => {
    const forged = await page.request.post(`${gong.url}/console/users/unlink`, { form: { user: 'Alice', app: 'lark:lark', id: ACCOUNT }, maxRedirects: 0 });
    expect(forged.status()).toBe(403);
    expect(await linkedTo(ACCOUNT)).toEqual([{ user: 'Alice', app: 'lark', by: 'cli' }]);

    // A tampered form (a user the select never offered) gets the CLI's refusal on the page.
    await page.getByLabel('User', { exact: true }).evaluate((select) => {
      const option = document.createElement('option');
      option.value = option.textContent = 'Mallory';
      select.append(option);
    });
    await page.getByLabel('User', { exact: true }).selectOption('Mallory');
    await page.getByLabel('Account id').fill('ou_mallory');
    await page.getByRole('button', { name: 'Link account' }).click();
    await expect.poll(status).toBe('User: there is no user “Mallory” under users: in the config file; choose one from the list.');
    expect(await linkedTo('ou_mallory')).toEqual([]);
  });
});
