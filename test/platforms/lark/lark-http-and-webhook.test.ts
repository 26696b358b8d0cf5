import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxLarkApp } from '../../../src/sandbox/lark/types.js';
import type { LarkServer } from '../../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../../helpers/sandbox-gong.js';

const HTTP_APP: SandboxLarkApp = {
  appId: 'cli_0123456789abcdef',
  appSecret: 'http-app-secret',
  events: 'http',
  encryptKey: 'encrypt-key-for-tests',
  verificationToken: 'verification-token',
};
const BOT = { token: 'hook-token-1', secret: 'bot-secret-1', keywords: ['alert'] };
const CAROL = { openId: 'ou_carol', name: 'Carol' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };

let running: SandboxGong;
let lark: LarkServer;
let gong: TestGong;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    lark: { apps: [HTTP_APP], chats: [{ chatId: 'oc_http', members: [CAROL] }], customBots: [BOT] },
    config: ({ lark }) => ({
      lark: { appId: HTTP_APP.appId, appSecret: HTTP_APP.appSecret, domain: lark.url, events: 'http', encryptKey: HTTP_APP.encryptKey, verificationToken: HTTP_APP.verificationToken },
      chats: [
        { name: 'http-group', type: 'lark', chatId: 'oc_http' },
        { name: 'bot-group', type: 'lark-webhook', webhook: `${lark.url}/open-apis/bot/v2/hook/${BOT.token}`, secret: BOT.secret, keywords: BOT.keywords },
      ],
    }),
  });
  ({ lark, gong } = running);
  // As an admin would, once Gong is reachable: set the app's request URL in the developer console.
  HTTP_APP.eventUrl = `${gong.url}/lark/events`;
});

afterAll(async () => {
  await running?.close();
});

async function fire(title: string): Promise<number> {
  return (await gong.hook({ title, severity: 'warning' })).opened[0]!;
}

describe('Lark events over HTTP', () => {
  it('passes the encrypted url_verification challenge', async () => {
    expect(await lark.verifyEventUrl(HTTP_APP.appId)).toBe(true);
  });

  it('takes encrypted, signed clicks and commands', async () => {
    const id = await fire('http-mode');
    const card = await waitFor('card', async () => lark.chatMessages('oc_http').find((m) => m.msgType === 'interactive' && m.content.includes(`#${id} `)));
    const answer = await lark.click({ appId: HTTP_APP.appId, openId: CAROL.openId, messageId: card.messageId, value: { action: 'resolve', alertId: String(id) } });
    expect(answer.toast).toMatchObject({ type: 'success', content: expect.stringContaining('Resolved by Carol') });
    await lark.say({ appId: HTTP_APP.appId, chatId: 'oc_http', openId: CAROL.openId, name: CAROL.name, text: `show ${id}` });
    const reply = await waitFor('reply', async () => lark.chatMessages('oc_http').find((m) => m.rootId && m.content.includes('resolved by Carol (Lark)')));
    expect(reply.content).toContain('<at id=ou_carol></at>');
  });

  it('refuses an event with a bad signature', async () => {
    const response = await fetch(`${gong.url}/lark/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': '1', 'x-lark-request-nonce': 'n', 'x-lark-signature': 'bad' },
      body: JSON.stringify({ encrypt: Buffer.alloc(48).toString('base64') }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('Lark custom bot', () => {
  it('posts a signed card with the keyword and action links; the link page acts only on POST', async () => {
    const id = await fire('webhook-mode');
    const botChat = lark.customBotChatId(BOT.token);
    const message = await waitFor('bot card', async () => lark.chatMessages(botChat).find((m) => m.content.includes(`#${id} `)));
    expect(message.content).toContain('alert');
    const links = [...message.content.matchAll(/"default_url":"([^"]+)"/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThanOrEqual(3);
    const ack = links[0]!;
    expect(ack.startsWith(`${gong.gong.parts.config.server.publicUrl}/a/`)).toBe(true);
    const local = ack.replace(gong.gong.parts.config.server.publicUrl, gong.url);

    const preview = await fetch(local);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain('webhook-mode');
    expect((await gong.api<{ state: string }>(`/api/v1/alerts/${id}`)).state).toBe('triggered');

    const done = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=Dora' });
    expect(done.status).toBe(200);
    expect((await gong.api<{ state: string; acknowledgedBy: string }>(`/api/v1/alerts/${id}`))).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Dora' });
    const followUp = await waitFor('follow-up', async () => lark.chatMessages(botChat).find((m) => m.msgType === 'text' && m.content.includes(`#${id} `)));
    expect(followUp.content).toContain('Acknowledged by Dora');

    const tampered = await fetch(`${local.slice(0, -3)}xyz`);
    expect(tampered.status).toBe(404);
  });
});
