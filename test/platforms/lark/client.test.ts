import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLarkClient, type LarkClient } from '../../../src/platforms/lark/client.js';
import { LarkApiError } from '../../../src/platforms/lark/errors.js';
import { startLarkServer, type LarkServer } from '../../../src/sandbox/lark/server.js';
import type { SandboxLarkApp } from '../../../src/sandbox/lark/types.js';
import { card, quiet, testApp } from '../../sandbox/lark-fixtures.js';

const CHAT = 'oc_ops';
let clock = Date.parse('2025-01-01T00:00:00Z');
let server: LarkServer;
let app: SandboxLarkApp;
let outsider: SandboxLarkApp;
let client: LarkClient;

beforeEach(async () => {
  clock = Date.parse('2025-01-01T00:00:00Z');
  app = testApp();
  outsider = testApp();
  server = await startLarkServer({
    apps: [app, outsider],
    chats: [{ chatId: CHAT, name: 'ops', appIds: [app.appId], members: [{ openId: 'ou_alice', name: 'Alice' }] }],
    now: () => clock,
  });
  client = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: server.url, logger: quiet });
});

afterEach(async () => {
  await server.stop();
});

async function failure(p: Promise<unknown>): Promise<LarkApiError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(LarkApiError);
  return e as LarkApiError;
}

describe('Lark client against the local server', () => {
  it('sends a card once per uuid', async () => {
    const first = await client.sendCard(CHAT, card('CPU high'), 'alert-42-chat-1');
    const again = await client.sendCard(CHAT, card('CPU high'), 'alert-42-chat-1');
    expect(again).toBe(first);
    expect(server.chatMessages(CHAT)).toHaveLength(1);
    const other = await client.sendCard(CHAT, card('Disk full'), 'alert-43-chat-1');
    expect(other).not.toBe(first);
    expect(server.chatMessages(CHAT)).toHaveLength(2);
  });

  it('forgets a uuid after an hour', async () => {
    const first = await client.sendCard(CHAT, card('CPU high'), 'u-1');
    clock += 60 * 60_000 + 1;
    expect(await client.sendCard(CHAT, card('CPU high'), 'u-1')).not.toBe(first);
  });

  it('patches a shared card in place', async () => {
    const id = await client.sendCard(CHAT, card('CPU high'), 'u-2');
    await client.patchCard(id, card('CPU high — acknowledged by Alice'));
    expect(server.message(id)?.content).toContain('acknowledged by Alice');
  });

  it('refuses to patch a card that is not shared, permanently', async () => {
    const legacy = { config: {}, elements: [{ tag: 'div', text: { tag: 'plain_text', content: 'x' } }] };
    const id = await client.sendCard(CHAT, legacy, 'u-3');
    const e = await failure(client.patchCard(id, { ...legacy, config: { update_multi: true } }));
    expect(e.code).toBe('230001');
    expect(e.retryable).toBe(false);
  });

  it('rejects invalid card content with 230099 as a permanent error', async () => {
    const e = await failure(client.sendCard(CHAT, { schema: '2.0', body: { elements: [{ tag: 'button', text: 'Ack' }] } }, 'u-4'));
    expect(e).toMatchObject({ code: '230099', httpStatus: 400, retryable: false });
    const noBody = await failure(client.sendCard(CHAT, { schema: '2.0', header: {} }, 'u-5'));
    expect(noBody.code).toBe('230099');
  });

  it('refuses an unknown chat and a chat the bot is not in', async () => {
    expect((await failure(client.sendCard('oc_nope', card('x'), 'u-6'))).code).toBe('230001');
    const other = createLarkClient({ appId: outsider.appId, appSecret: outsider.appSecret, domain: server.url, logger: quiet });
    const e = await failure(other.sendCard(CHAT, card('x'), 'u-7'));
    expect(e).toMatchObject({ code: '230002', retryable: false });
  });

  it('refuses updates after 14 days', async () => {
    const id = await client.sendCard(CHAT, card('old'), 'u-8');
    clock += 14 * 24 * 60 * 60_000 + 1;
    // A fresh client: the first one's token has expired on the sandbox's clock too.
    const later = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: server.url, logger: quiet });
    expect((await failure(later.patchCard(id, card('new')))).code).toBe('230031');
  });

  it('limits updates to 5 per second per message (230020, retryable)', async () => {
    const id = await client.sendCard(CHAT, card('busy'), 'u-9');
    for (let i = 0; i < 5; i++) await client.patchCard(id, card(`v${i}`));
    const e = await failure(client.patchCard(id, card('v5')));
    expect(e).toMatchObject({ code: '230020', httpStatus: 400, retryable: true });
    clock += 1000;
    await client.patchCard(id, card('v6'));
  });

  it('replies in the card thread, mentioning people', async () => {
    const root = await client.sendCard(CHAT, card('CPU high'), 'u-10');
    const r1 = await client.replyText(root, 'escalated to you', { mentions: [{ openId: 'ou_alice', name: 'Alice' }] });
    const r2 = await client.replyPost(root, { title: 'Step 2', text: 'still firing' }, { mentions: [{ openId: 'ou_alice', name: 'Alice' }] });
    const m1 = server.message(r1);
    const m2 = server.message(r2);
    expect(m1?.rootId).toBe(root);
    expect(m1?.threadId).toMatch(/^omt_/);
    expect(m2?.threadId).toBe(m1?.threadId);
    expect(JSON.parse(m1?.content ?? '{}').text).toBe('<at user_id="ou_alice">Alice</at> escalated to you');
    expect(JSON.parse(m2?.content ?? '{}').zh_cn.content[0][0]).toMatchObject({ tag: 'at', user_id: 'ou_alice' });
  });

  it('sends urgents and reports invalid users', async () => {
    const id = await client.sendCard(CHAT, card('CPU high'), 'u-11');
    expect(await client.urgent(id, 'app', ['ou_alice'])).toEqual([]);
    expect(await client.urgent(id, 'phone', ['ou_alice', 'ou_stranger'])).toEqual(['ou_stranger']);
    expect(server.urgents.map((u) => [u.kind, u.openIds])).toEqual([
      ['app', ['ou_alice']],
      ['phone', ['ou_alice']],
    ]);
  });

  it('turns the app gateway limit into a retryable error with retryAfterMs', async () => {
    const id = await client.sendCard(CHAT, card('x'), 'u-12');
    // 1 token call is not counted; the send above is call 1 of 50 in this second.
    for (let i = 0; i < 49; i++) await client.urgent(id, 'app', ['ou_alice']);
    const e = await failure(client.urgent(id, 'app', ['ou_alice']));
    expect(e).toMatchObject({ code: '99991400', httpStatus: 429, retryable: true, retryAfterMs: 1000 });
  });

  it('turns injected 500s and 429s into retryable errors', async () => {
    server.injectFault({ count: 1, status: 500 });
    expect(await failure(client.sendCard(CHAT, card('x'), 'u-13'))).toMatchObject({ httpStatus: 500, retryable: true });
    server.injectFault({ count: 1, status: 429, headers: { 'x-ogw-ratelimit-reset': '7' } });
    expect(await failure(client.sendCard(CHAT, card('x'), 'u-13'))).toMatchObject({ code: '99991400', retryAfterMs: 7000 });
    await client.sendCard(CHAT, card('x'), 'u-13');
  });

  it('reports refused credentials without leaking the secret', async () => {
    const bad = createLarkClient({ appId: app.appId, appSecret: 'wrong-secret', domain: server.url, logger: quiet });
    const e = await failure(bad.sendCard(CHAT, card('x'), 'u-14'));
    expect(e).toMatchObject({ code: '10014', retryable: false });
    expect(e.message).not.toContain('wrong-secret');
  });

  it('drops a refused token so the retry fetches a new one', async () => {
    await client.sendCard(CHAT, card('x'), 'u-15');
    server.revokeTokens();
    const e = await failure(client.sendCard(CHAT, card('y'), 'u-16'));
    expect(e).toMatchObject({ code: '99991663', retryable: true });
    expect(e.message).not.toMatch(/t-[0-9a-f]{10}/);
    await client.sendCard(CHAT, card('y'), 'u-16');
    expect(server.chatMessages(CHAT)).toHaveLength(2);
  });

  it('keeps token caches per client', async () => {
    const twin = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: server.url, logger: quiet });
    await client.sendCard(CHAT, card('x'), 'u-17');
    await twin.sendCard(CHAT, card('x'), 'u-18');
    expect(server.callCount('POST /open-apis/auth/v3/tenant_access_token/internal')).toBe(2);
  });
});

describe('Lark OpenAPI auth (raw HTTP)', () => {
  it('answers missing and invalid bearer tokens like the real gateway', async () => {
    const post = (auth?: string) =>
      fetch(`${server.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth && { authorization: auth }) },
        body: JSON.stringify({ receive_id: CHAT, msg_type: 'text', content: '{"text":"hi"}' }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { code: number } }));
    expect((await post()).body.code).toBe(99991661);
    expect((await post('Bearer t-forged')).body.code).toBe(99991663);
  });

  it('answers a wrong secret with HTTP 200 and a non-zero code', async () => {
    const r = await fetch(`${server.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: app.appId, app_secret: 'nope' }),
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { code: number }).code).not.toBe(0);
  });
});
