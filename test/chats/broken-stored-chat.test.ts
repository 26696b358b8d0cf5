import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeComServer, type WeComServerHandle } from '../../src/sandbox/wecom/server.js';
import { consoleCookie, startTestGong, type TestGong, waitFor } from '../helpers/gong.js';
import { capturingLogger } from '../helpers/logger.js';
import { postAlert, SOURCE } from '../platforms/dingtalk/gong-fixture.js';

/** A key only the broken row holds: it must never show in a log line or an answer. */
const HIDDEN_KEY = 'broken-row-secret-key-5531';

/** A stored chat row the schema refuses (edited by hand, or written by another Gong version). */
describe('an invalid chat row in the database', () => {
  let wecom: WeComServerHandle;
  let gong: TestGong;
  const { logger, lines } = capturingLogger();

  const call = async (method: string, path: string) => {
    const response = await fetch(`${gong.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${gong.adminToken}` } });
    const text = await response.text();
    return { status: response.status, text, json: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    wecom = await startWeComServer({ robots: [{ key: 'healthy-robot' }, { key: 'later-robot' }] });
    gong = await startTestGong({ sources: [SOURCE], logger, config: { locale: 'en' } });
    await gong.api('/api/v1/chats', { body: { name: 'healthy', type: 'wecom-webhook', webhook: wecom.webhook('healthy-robot'), format: 'markdown' } });
    const { db } = gong.gong.parts.database;
    const webhook = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${HIDDEN_KEY}`;
    await db.execute(sql`INSERT INTO chats (name, type, settings) VALUES
      ('mangled', 'wecom-webhook', ${JSON.stringify({ webhook, format: 'fancy' })}::jsonb),
      ('emptied', 'lark-webhook', 'null'::jsonb)`);
    // Twice: a broken row is logged once, not on every sync.
    await gong.gong.parts.chats.sync();
    await gong.gong.parts.chats.sync();
  });

  afterAll(async () => {
    await gong?.close();
    await wecom?.stop();
  });

  it('is listed as broken with its reason, and logged once without its secrets', async () => {
    const list = await call('GET', '/chats');
    expect(list.status).toBe(200);
    const byName = new Map((list.json.chats as { name: string }[]).map((chat) => [chat.name, chat]));
    expect(byName.get('mangled')).toEqual({ name: 'mangled', type: 'wecom-webhook', origin: 'database', readOnly: false, broken: true, reason: expect.stringMatching(/^format: /) });
    expect(byName.get('emptied')).toEqual({ name: 'emptied', type: 'lark-webhook', origin: 'database', readOnly: false, broken: true, reason: 'settings: expected a JSON object' });
    expect(byName.get('healthy')).toMatchObject({ origin: 'database', webhook: expect.stringContaining('key=•••') });
    expect((await call('GET', '/chats/mangled')).json).toMatchObject({ broken: true });
    expect((await call('GET', '/chats?q=mangl')).json.chats.map((chat: { name: string }) => chat.name)).toEqual(['mangled']);

    const logged = lines.filter((line) => line.includes('stored chat is invalid'));
    expect(logged.map((line) => JSON.parse(line).chat).sort()).toEqual(['emptied', 'mangled']);
    expect(lines.join('\n') + list.text).not.toContain(HIDDEN_KEY);
  });

  it('shows as broken on the console Chats page, with the reason and a Delete button', async () => {
    const cookie = await consoleCookie(gong);
    const page = await (await fetch(`${gong.url}/console/chats`, { headers: { cookie } })).text();
    const row = /<tr data-chat="mangled" class="broken">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? '';
    expect(row).toContain('invalid stored settings: format: ');
    expect(row).toContain('<a class="button danger" href="/console/chats/mangled/delete" aria-label="Delete mangled">Delete</a>');
    expect(page).toContain('<tr data-chat="healthy">');
    expect(page).not.toContain(HIDDEN_KEY);
    // Delete asks first, for a broken chat too: its confirmation page says what is wrong.
    const confirm = await fetch(`${gong.url}/console/chats/mangled/delete`, { headers: { cookie } });
    expect(confirm.status).toBe(200);
    const confirmPage = await confirm.text();
    expect(confirmPage).toContain('invalid stored settings: format: ');
    expect(confirmPage).not.toContain(HIDDEN_KEY);
  });

  it('keeps every other chat working, old and new', async () => {
    const tested = await call('POST', '/chats/healthy/test');
    expect(tested.json).toMatchObject({ ok: true });
    await gong.api('/api/v1/chats', { body: { name: 'later', type: 'wecom-webhook', webhook: wecom.webhook('later-robot'), format: 'markdown' } });
    await gong.gong.parts.chats.sync();
    expect(gong.gong.channels.has('later')).toBe(true);
    await postAlert(gong, { title: 'Reaches the healthy chats', severity: 'warning' });
    const reached = (key: string) => wecom.messages(key).some((message) => JSON.stringify(message.body).includes('Reaches the healthy chats'));
    await waitFor('the card in both healthy chats', async () => (reached('healthy-robot') && reached('later-robot') ? true : undefined));
  });

  it('refuses a test message with what is wrong, and can be replaced or deleted', async () => {
    const tested = await call('POST', '/chats/mangled/test');
    expect(tested.status).toBe(409);
    expect(tested.json.error).toMatch(/^chat "mangled" is stored with invalid settings \(format: .*\); save it again with all its settings, or delete it$/);
    expect(tested.text).not.toContain(HIDDEN_KEY);

    const replaced = await gong.api<{ name: string; broken?: boolean }>('/api/v1/chats/emptied', {
      method: 'PUT',
      body: { type: 'wecom-webhook', webhook: wecom.webhook('later-robot'), format: 'markdown' },
    });
    expect(replaced).toMatchObject({ name: 'emptied', type: 'wecom-webhook', origin: 'database' });
    expect(replaced.broken).toBeUndefined();
    expect(gong.gong.channels.has('emptied')).toBe(true);

    expect((await call('DELETE', '/chats/mangled')).status).toBe(204);
    const names = (await call('GET', '/chats')).json.chats.map((chat: { name: string; broken?: boolean }) => `${chat.name}${chat.broken ? ' (broken)' : ''}`);
    expect(names.sort()).toEqual(['emptied', 'healthy', 'later']);
  });
});
