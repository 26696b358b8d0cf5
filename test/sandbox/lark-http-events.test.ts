import Router from '@koa/router';
import Koa from 'koa';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../src/platforms/lark/client.js';
import type { LarkCardAction, LarkIncomingMessage } from '../../src/platforms/lark/events.js';
import { createHttpTransport, type LarkHttpTransport } from '../../src/platforms/lark/http-transport.js';
import { encryptEvent, signEvent } from '../../src/sandbox/lark/event-crypto.js';
import { startLarkServer, type LarkServer } from '../../src/sandbox/lark/server.js';
import type { LarkServerOptions, SandboxLarkApp } from '../../src/sandbox/lark/types.js';
import { fixture } from '../helpers/fixtures.js';
import { card, quiet, testApp } from './lark-fixtures.js';

const CHAT = 'oc_ops';
let lark: LarkServer | undefined;
let gong: Server | undefined;

afterEach(async () => {
  await lark?.stop();
  gong?.closeAllConnections();
  await new Promise((r) => (gong ? gong.close(r) : r(undefined)));
  lark = undefined;
  gong = undefined;
});

/** Gong's side: a Koa app with the transport mounted on POST /lark/events. */
async function startGong(transport: LarkHttpTransport): Promise<string> {
  const router = new Router();
  router.post('/lark/events', transport.middleware);
  const koa = new Koa();
  koa.silent = true;
  koa.use(router.routes());
  gong = koa.listen(0, '127.0.0.1');
  await new Promise((r) => gong?.once('listening', r));
  return `http://127.0.0.1:${(gong.address() as AddressInfo).port}/lark/events`;
}

async function setup(appOver: Partial<SandboxLarkApp>, opts: Partial<LarkServerOptions> = {}) {
  const app = testApp({ events: 'http', ...appOver });
  const transport = createHttpTransport({
    appId: app.appId,
    ...(app.encryptKey && { encryptKey: app.encryptKey }),
    ...(app.verificationToken && { verificationToken: app.verificationToken }),
    logger: quiet,
  });
  // A query string on the request URL must not stop the handler (the SDK's adaptKoa would).
  app.eventUrl = `${await startGong(transport)}?tenant=sandbox`;
  lark = await startLarkServer({ apps: [app], chats: [{ chatId: CHAT }], ...opts });
  const client = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: lark.url, logger: quiet });
  const cardId = await client.sendCard(CHAT, card('CPU high'), 'u-1');
  await transport.start();
  return { app, s: lark, transport, cardId, client };
}

const SECURE = { encryptKey: 'encrypt-key-123', verificationToken: 'vt-abc' };

describe('Lark HTTP event subscription (SDK EventDispatcher behind Koa)', () => {
  it('answers the url_verification challenge of an encrypted app', async () => {
    const { app, s } = await setup(SECURE);
    expect(await s.verifyEventUrl(app.appId)).toBe(true);
  });

  it('answers a url_verification challenge as Lark sends it, plain when the app does not encrypt', async () => {
    const { app } = await setup({ verificationToken: 'vt-abc' });
    const challenge = fixture('lark/url-verification');
    challenge.token = 'vt-abc';
    const res = await fetch(app.eventUrl ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(challenge) });
    expect(await res.json()).toEqual({ challenge: 'ajls384kdjx98XX' });
  });

  it('delivers an encrypted, signed click and applies the returned card', async () => {
    const { app, s, transport, cardId } = await setup(SECURE);
    const seen: LarkCardAction[] = [];
    transport.onCardAction(async (e) => {
      seen.push(e);
      return { toast: { type: 'success', content: 'Resolved' }, card: card('CPU high — resolved') };
    });
    const answer = await s.click({ appId: app.appId, openId: 'ou_alice', messageId: cardId, value: { action: 'resolve' }, option: '30m' });
    expect(answer.toast).toEqual({ type: 'success', content: 'Resolved' });
    expect(seen).toEqual([expect.objectContaining({ openId: 'ou_alice', messageId: cardId, chatId: CHAT, value: { action: 'resolve' }, option: '30m' })]);
    expect(seen[0]?.token).toMatch(/^c-/);
    expect(s.message(cardId)?.content).toContain('resolved');
  });

  it('delivers a group command', async () => {
    const { app, s, transport } = await setup(SECURE);
    const got: LarkIncomingMessage[] = [];
    transport.onMessage(async (m) => void got.push(m));
    await s.say({ appId: app.appId, chatId: CHAT, openId: 'ou_bob', name: 'Bob', text: 'resolve 42' });
    expect(got).toEqual([expect.objectContaining({ text: 'resolve 42', openId: 'ou_bob', chatId: CHAT })]);
  });

  it('rejects a body whose signature does not match', async () => {
    const { app, transport } = await setup(SECURE);
    let calls = 0;
    transport.onCardAction(async () => {
      calls += 1;
      return {};
    });
    const event = fixture<{ header: Record<string, unknown> }>('lark/card-action');
    event.header.app_id = app.appId;
    const body = JSON.stringify({ encrypt: encryptEvent(SECURE.encryptKey, JSON.stringify(event)) });
    const now = String(Math.floor(Date.now() / 1000));
    const post = (signature: string) =>
      fetch(app.eventUrl ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': now, 'x-lark-request-nonce': 'n1', 'x-lark-signature': signature },
        body,
      });
    expect((await post(signEvent(now, 'n1', 'some-other-key', body))).status).toBe(401);
    expect(calls).toBe(0);
  });

  it('checks the verification token when events are not encrypted', async () => {
    const { app, s, transport, cardId } = await setup({ verificationToken: 'vt-abc' });
    transport.onCardAction(async () => ({ toast: { type: 'info', content: 'ok' } }));
    expect((await s.click({ appId: app.appId, openId: 'ou_alice', messageId: cardId, value: {} })).toast?.content).toBe('ok');
    const forged = fixture<{ header: Record<string, unknown> }>('lark/card-action');
    Object.assign(forged.header, { token: 'guess', app_id: app.appId });
    const res = await fetch(app.eventUrl ?? '', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(forged) });
    expect(res.status).toBe(401);
  });

  it('answers a re-pushed event with the first answer and runs the handler once', async () => {
    const { app, s, transport, cardId } = await setup(SECURE, { ackTimeoutMs: 150 });
    let calls = 0;
    transport.onCardAction(async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 250));
      return { toast: { type: 'info', content: 'once' } };
    });
    const answer = await s.click({ appId: app.appId, openId: 'ou_alice', messageId: cardId, value: {} });
    expect(answer.toast?.content).toBe('once');
    expect(s.callCount('http.repush')).toBeGreaterThanOrEqual(1);
    expect(calls).toBe(1);
  });

  // The ack rule (platforms/ack.ts), the same as over the long connection: commands are acknowledged on arrival.
  it('acks a command before it runs: a slow one is not re-pushed', async () => {
    const { app, s, transport } = await setup(SECURE, { ackTimeoutMs: 150 });
    let calls = 0;
    let finished = 0;
    transport.onMessage(async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 400));
      finished += 1;
    });
    await s.say({ appId: app.appId, chatId: CHAT, openId: 'ou_bob', name: 'Bob', text: 'show 42' });
    expect(finished).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    expect(s.callCount('http.repush')).toBe(0);
    expect([calls, finished]).toEqual([1, 1]);
  });

  it('updates a clicked card later with the click token, at most twice', async () => {
    const { app, s, transport, cardId, client } = await setup(SECURE);
    let token = '';
    transport.onCardAction(async (e) => {
      token = e.token ?? '';
      return {};
    });
    await s.click({ appId: app.appId, openId: 'ou_alice', messageId: cardId, value: {} });
    await client.delayedUpdate(token, card('later 1'));
    expect(s.message(cardId)?.content).toContain('later 1');
    await client.delayedUpdate(token, card('later 2'));
    await expect(client.delayedUpdate(token, card('later 3'))).rejects.toMatchObject({ code: '230001', retryable: false });
    expect(s.message(cardId)?.content).toContain('later 2');
  });

  it('refuses events after stop()', async () => {
    const { app, s, transport, cardId } = await setup(SECURE, { maxRepushes: 0 });
    transport.onCardAction(async () => ({}));
    await transport.stop();
    await expect(s.click({ appId: app.appId, openId: 'ou_alice', messageId: cardId, value: {} })).rejects.toThrow(/last status 503/);
  });
});
