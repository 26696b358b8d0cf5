import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserPage } from '../helpers/browser.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';

// The chat form as an admin meets it: Chinese by default (locale zh-CN), English after the switch;
// the type chosen first and only its fields shown; a refused field marked where it is.
const ARTIFACTS = 'test/artifacts';
const SOURCE = { name: 'demo', type: 'generic' as const, token: 'chats-form-source-token' };

let gong: TestGong;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  gong = await startTestGong({ sources: [SOURCE], config: { timezone: 'Asia/Shanghai' }, sandbox: true });
  ({ browser, page } = await openBrowserPage());
  await page.goto(`${gong.url}/console/login?next=/console/chats`);
  await page.getByLabel('管理员令牌').fill(gong.adminToken);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/console\/chats$/);
});

afterAll(async () => {
  await browser?.close();
  await gong?.close();
});

const status = () => page.getByRole('status').textContent();
const chatNames = async () => (await gong.api<{ chats: { name: string }[] }>('/api/v1/chats')).chats.map((chat) => chat.name);

describe('the chats pages in Chinese (the default locale)', () => {
  it('label the sandbox chats as built in, in Chinese', async () => {
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('群聊');
    for (const name of ['sandbox-dingtalk', 'sandbox-lark', 'sandbox-wecom']) {
      expect(await page.locator(`tr[data-chat="${name}"] .chat-origin`).textContent()).toBe('沙盒（内置）');
    }
    expect(await page.content()).not.toContain('配置文件（只读）');
    // Built in: no edit or delete offered, and the edit page says why.
    expect(await page.getByRole('link', { name: '编辑 sandbox-lark' }).count()).toBe(0);
    const refused = await page.goto(`${gong.url}/console/chats/sandbox-lark/edit`);
    expect(refused?.status()).toBe(409);
    expect(await page.locator('h1').textContent()).toBe('群聊 sandbox-lark 是沙盒内置的');
    // The API says so too: origin sandbox, read-only.
    expect(await gong.api('/api/v1/chats/sandbox-lark')).toMatchObject({ origin: 'sandbox', readOnly: true });
    const deleted = await fetch(`${gong.url}/api/v1/chats/sandbox-lark`, { method: 'DELETE', headers: { authorization: `Bearer ${gong.adminToken}` } });
    expect(deleted.status).toBe(409);
    expect(await deleted.text()).toContain('built into the sandbox');
  });

  it('shows only the fields of the chosen type: Lark asks for the chat id, not DingTalk\'s conversation id', async () => {
    await page.goto(`${gong.url}/console/chats/new`);
    // Nothing chosen yet: the type comes first.
    expect(await page.getByLabel('群 ID').isVisible()).toBe(false);
    expect(await page.getByLabel('名称').isVisible()).toBe(false);
    await page.getByLabel('飞书群', { exact: true }).check();
    expect(await page.getByLabel('名称').isVisible()).toBe(true);
    expect(await page.getByLabel('群 ID').isVisible()).toBe(true);
    expect(await page.getByLabel('应用').isVisible()).toBe(true);
    expect(await page.getByLabel('群会话 ID').isVisible()).toBe(false);
    expect(await page.getByLabel('Webhook 地址').isVisible()).toBe(false);
    expect(await page.getByLabel('卡片格式').isVisible()).toBe(false);
    await page.getByLabel('钉钉群', { exact: true }).check();
    expect(await page.getByLabel('群会话 ID').isVisible()).toBe(true);
    expect(await page.getByLabel('群 ID').isVisible()).toBe(false);
    await page.getByLabel('企业微信群机器人', { exact: true }).check();
    expect(await page.getByLabel('Webhook 地址').isVisible()).toBe(true);
    expect(await page.getByLabel('卡片格式').isVisible()).toBe(true);
    expect(await page.getByLabel('应用').isVisible()).toBe(false);
    expect(await page.getByLabel('加签密钥').isVisible()).toBe(false);
    await page.screenshot({ path: `${ARTIFACTS}/console-chat-form-wecom.png`, fullPage: true });
  });

  it('marks the chat id when a Lark chat is posted without one, and names it; fields of other types are not errors', async () => {
    await page.getByLabel('飞书群', { exact: true }).check();
    await page.getByLabel('名称').fill('team-lark');
    // Typed into while another type was chosen: hidden now, and none of this chat's business.
    await page.getByLabel('钉钉自定义机器人', { exact: true }).check();
    await page.getByLabel('加签密钥').fill('not-a-dingtalk-secret');
    await page.getByLabel('飞书群', { exact: true }).check();
    await page.getByRole('button', { name: '创建群聊' }).click();
    await expect.poll(status).toBe('未保存：群 ID：此类型的群聊必须填写。');
    const chatId = page.getByLabel('群 ID');
    expect(await chatId.getAttribute('aria-invalid')).toBe('true');
    expect(await chatId.isVisible()).toBe(true);
    const describedBy = (await chatId.getAttribute('aria-describedby'))!.split(' ');
    expect(await page.locator(`#${describedBy[0]}`).textContent()).toBe('群 ID：此类型的群聊必须填写。');
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(1);
    // What was typed stays; the type stays chosen.
    expect(await page.getByLabel('名称').inputValue()).toBe('team-lark');
    expect(await page.getByLabel('飞书群', { exact: true }).isChecked()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/console-chat-form-error.png`, fullPage: true });
    expect(await chatNames()).not.toContain('team-lark');

    await chatId.fill('oc_team_lark_1');
    await page.getByRole('button', { name: '创建群聊' }).click();
    await expect.poll(status).toBe('已创建群聊 team-lark。');
    expect(await gong.api('/api/v1/chats/team-lark')).toMatchObject({ type: 'lark', chatId: 'oc_team_lark_1', app: null, origin: 'database' });
    expect(await page.locator('tr[data-chat="team-lark"] .chat-origin').textContent()).toBe('控制台 / API');
  });

  it('keeps the name fixed on edit: shown, not an input', async () => {
    await page.getByRole('link', { name: '编辑 team-lark' }).click();
    expect(await page.locator('.fixed-name').textContent()).toBe('team-lark');
    expect(await page.locator('input[name="name"]').count()).toBe(0);
    expect(await page.getByLabel('飞书群', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('群 ID').inputValue()).toBe('oc_team_lark_1');
    await page.getByLabel('每日统计时间').fill('09:00，18:30');
    await page.getByRole('button', { name: '保存修改' }).click();
    await expect.poll(status).toBe('已保存群聊 team-lark。');
    expect(await gong.api('/api/v1/chats/team-lark')).toMatchObject({ dailyStats: ['09:00', '18:30'] });
    expect(await page.locator('tr[data-chat="team-lark"] .chat-hears').textContent()).toBe('另发消息：升级、指派每日统计：09:00, 18:30 (Asia/Shanghai)');
  });

  it('asks before deleting: the chat stays until the deletion is confirmed', async () => {
    await page.getByRole('link', { name: '删除 team-lark' }).click();
    expect(await page.locator('h1').textContent()).toBe('确定删除群聊 team-lark？');
    expect(await page.locator('table.facts').textContent()).toContain('oc_team_lark_1');
    expect(await chatNames()).toContain('team-lark');
    await page.getByRole('link', { name: '取消' }).click();
    await page.waitForURL(/\/console\/chats$/);
    expect(await chatNames()).toContain('team-lark');

    await page.getByRole('link', { name: '删除 team-lark' }).click();
    await page.screenshot({ path: `${ARTIFACTS}/console-chat-delete-confirm.png`, fullPage: true });
    await page.getByRole('button', { name: '删除 team-lark' }).click();
    await expect.poll(status).toBe('已删除群聊 team-lark。');
    expect(await chatNames()).not.toContain('team-lark');
  });
});

describe('the chats pages in English', () => {
  it('speak English after the language switch, and come back to the same page', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/\/console\/chats$/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Chats');
    expect(await page.locator('tr[data-chat="sandbox-wecom"] .chat-origin').textContent()).toBe('sandbox (built in)');
    await page.getByRole('link', { name: 'New chat' }).click();
    await page.getByLabel('Lark group', { exact: true }).check();
    expect(await page.getByLabel('Chat ID').isVisible()).toBe(true);
    expect(await page.getByLabel('Conversation ID').isVisible()).toBe(false);
    await page.getByLabel('Name').fill('team-en');
    await page.getByRole('button', { name: 'Create chat' }).click();
    await expect.poll(status).toBe('Not saved: Chat ID: required for this chat type.');
    expect(await page.getByLabel('Chat ID').getAttribute('aria-invalid')).toBe('true');
  });
});
