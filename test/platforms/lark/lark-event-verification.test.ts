import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { createHttpTransport } from '../../../src/platforms/lark/http-transport.js';
import { encryptEvent, signEvent } from '../../../src/sandbox/lark/event-crypto.js';
import { cardActionEvent } from '../../../src/sandbox/lark/events.js';
import type { LarkServer } from '../../../src/sandbox/lark/server.js';
import type { SandboxLarkApp } from '../../../src/sandbox/lark/types.js';
import { type TestGong, waitFor } from '../../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../../helpers/sandbox-gong.js';

// Two apps pushing events over HTTP: one signs (Encrypt Key), one only carries a Verification Token.
const SIGNED: SandboxLarkApp = { appId: 'cli_5151515151515151', appSecret: 'signed-secret', events: 'http', encryptKey: 'signed-encrypt-key', verificationToken: 'signed-token' };
const TOKEN: SandboxLarkApp = { appId: 'cli_7070707070707070', appSecret: 'token-secret', events: 'http', verificationToken: 'token-only-token' };
const ALICE = { openId: 'ou_alice', name: 'Alice' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };

let running: SandboxGong;
let lark: LarkServer;
let gong: TestGong;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    lark: {
      maxRepushes: 0,
      apps: [SIGNED, TOKEN],
      chats: [
        { chatId: 'oc_signed', members: [ALICE] },
        { chatId: 'oc_token', members: [ALICE] },
      ],
    },
    config: ({ lark }) => ({
      lark: [
        { name: 'signed', appId: SIGNED.appId, appSecret: SIGNED.appSecret, domain: lark.url, events: 'http', encryptKey: SIGNED.encryptKey, verificationToken: SIGNED.verificationToken },
        { name: 'token', appId: TOKEN.appId, appSecret: TOKEN.appSecret, domain: lark.url, events: 'http', verificationToken: TOKEN.verificationToken },
      ],
      chats: [
        { name: 'signed-chat', type: 'lark', chatId: 'oc_signed', app: 'signed' },
        { name: 'token-chat', type: 'lark', chatId: 'oc_token', app: 'token' },
      ],
      routes: [{ chats: ['signed-chat', 'token-chat'] }],
    }),
  });
  ({ lark, gong } = running);
  SIGNED.eventUrl = `${gong.url}/lark/events/signed`;
  TOKEN.eventUrl = `${gong.url}/lark/events/token`;
});

afterAll(async () => {
  await running?.close();
});

/** An open alert and its card's message id in both chats. */
async function openAlert(title: string): Promise<{ id: number; signedCard: string; tokenCard: string }> {
  const id = (await gong.hook({ title, severity: 'critical' })).opened[0]!;
  const cardIn = (chatId: string) =>
    waitFor(`the card in ${chatId}`, async () => lark.chatMessages(chatId).find((m) => m.msgType === 'interactive' && m.content.includes(`#${id} `))?.messageId);
  return { id, signedCard: await cardIn('oc_signed'), tokenCard: await cardIn('oc_token') };
}

/** What Gong holds about the alert, its timeline included: a refused event must change none of it. */
const stored = (id: number): Promise<unknown> => gong.api(`/api/v1/alerts/${id}`);

let events = 0;
/** A resolve click on `messageId` as the app's platform would push it, before encryption and signing. */
function resolveClick(app: SandboxLarkApp, messageId: string, chatId: string, id: number, token = app.verificationToken): Record<string, unknown> {
  events += 1;
  const event = cardActionEvent({
    app: { ...app, ...(token !== undefined && { verificationToken: token }) },
    eventId: `ev_forged_${events}`,
    openId: ALICE.openId,
    messageId,
    chatId,
    value: { action: 'resolve', alertId: String(id) },
    tag: 'button',
    token: 'c-none',
    at: Date.now(),
  });
  return event;
}

interface Push {
  /** Encrypt with this key (the app's own by default; null sends the event in the clear). */
  encryptWith?: string | null;
  /** Sign with this key (the app's own by default; null leaves the signature headers out). */
  signWith?: string | null;
  /** X-Lark-Request-Timestamp in Unix seconds; now by default. */
  timestamp?: number;
}

async function push(app: SandboxLarkApp, event: Record<string, unknown>, p: Push = {}): Promise<{ status: number; text: string }> {
  const json = JSON.stringify(event);
  const encryptWith = p.encryptWith === undefined ? app.encryptKey : p.encryptWith;
  const body = encryptWith ? JSON.stringify({ encrypt: encryptEvent(encryptWith, json) }) : json;
  const timestamp = String(p.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = `n${events}`;
  const signWith = p.signWith === undefined ? app.encryptKey : p.signWith;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce };
  if (signWith) headers['x-lark-signature'] = signEvent(timestamp, nonce, signWith, body);
  const response = await fetch(app.eventUrl!, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

describe('Lark events over HTTP are verified before they act', () => {
  it('refuses unsigned, wrongly signed and stale events with 401 and changes nothing', async () => {
    const { id, signedCard } = await openAlert('forged clicks');
    const before = await stored(id);
    const click = () => resolveClick(SIGNED, signedCard, 'oc_signed', id);

    expect(await push(SIGNED, click(), { signWith: null })).toMatchObject({ status: 401, text: expect.stringContaining('unsigned') });
    expect(await push(SIGNED, click(), { signWith: null, encryptWith: null })).toMatchObject({ status: 401 });
    expect(await push(SIGNED, click(), { signWith: 'another-key' })).toMatchObject({ status: 401, text: expect.stringContaining('does not match') });
    // Correctly signed, but 6 minutes old (a replay) or 6 minutes ahead.
    const now = Math.floor(Date.now() / 1000);
    expect(await push(SIGNED, click(), { timestamp: now - 360 })).toMatchObject({ status: 401, text: expect.stringContaining('5 minutes') });
    expect(await push(SIGNED, click(), { timestamp: now + 360 })).toMatchObject({ status: 401 });
    // Signed with the right key but carrying another token.
    expect(await push(SIGNED, resolveClick(SIGNED, signedCard, 'oc_signed', id, 'guessed'))).toMatchObject({ status: 401, text: expect.stringContaining('token') });
    expect(await stored(id)).toEqual(before);

    // The same click, properly signed and on time, acts.
    const fresh = await push(SIGNED, click());
    expect(fresh.status).toBe(200);
    expect(JSON.parse(fresh.text)).toMatchObject({ toast: { type: 'success' } });
    expect(await gong.api(`/api/v1/alerts/${id}`)).toMatchObject({ state: 'resolved' });
  });

  it('refuses a token-only event with a wrong or missing token, or a stale timestamp', async () => {
    const { id, tokenCard } = await openAlert('forged token');
    const before = await stored(id);
    expect(await push(TOKEN, resolveClick(TOKEN, tokenCard, 'oc_token', id, 'guessed'))).toMatchObject({ status: 401 });
    expect(await push(TOKEN, resolveClick(TOKEN, tokenCard, 'oc_token', id, ''))).toMatchObject({ status: 401 });
    expect(await push(TOKEN, resolveClick(TOKEN, tokenCard, 'oc_token', id), { timestamp: Math.floor(Date.now() / 1000) - 3600 })).toMatchObject({ status: 401 });
    expect(await stored(id)).toEqual(before);

    const answer = await lark.click({ appId: TOKEN.appId, openId: ALICE.openId, messageId: tokenCard, value: { action: 'ack', alertId: String(id) } });
    expect(answer.toast).toMatchObject({ type: 'success' });
  });

  it('does not let a click on one app act on the card of another app’s chat', async () => {
    const { id, tokenCard } = await openAlert('cross app');
    const before = await stored(id);
    // A genuine, signed event of the first app naming the second app's card.
    const answer = await push(SIGNED, resolveClick(SIGNED, tokenCard, 'oc_token', id));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ toast: { type: 'warning' } });
    expect(await stored(id)).toEqual(before);
  });

  it('answers the url_verification handshake of both apps', async () => {
    expect(await lark.verifyEventUrl(SIGNED.appId)).toBe(true);
    expect(await lark.verifyEventUrl(TOKEN.appId)).toBe(true);
  });
});

describe('a Lark app with HTTP events and nothing to verify them with', () => {
  const app = { appId: 'cli_0000000000000abc', appSecret: 's', events: 'http' };

  it('is refused by the configuration, naming the key and the fix', () => {
    expect(() => parseConfig({ lark: app }, {}, null)).toThrow(/lark\.encryptKey: events: http needs the app's Encrypt Key/);
    const two = [{ ...app, name: 'hq', encryptKey: 'k' }, { ...app, name: 'sub', appId: 'cli_0000000000000abd' }];
    expect(() => parseConfig({ lark: two, chats: [] }, {}, null)).toThrow(/lark\[1\]\.encryptKey: .*or use events: websocket/);
    expect(() => parseConfig({ lark: { ...app, encryptKey: '' } }, {}, null)).toThrow(/lark\.encryptKey/);
    expect(() => parseConfig({ lark: { ...app, verificationToken: 'vt' } }, {}, null)).not.toThrow();
  });

  it('does not start its events endpoint', () => {
    expect(() => createHttpTransport({ appId: app.appId })).toThrow(/need an encryptKey/);
  });
});
