import { afterEach, describe, expect, it } from 'vitest';
import { createLarkClient } from '../../src/platforms/lark/client.js';
import type { ConnectionState, LarkCardAction, LarkIncomingMessage, LarkTransport } from '../../src/platforms/lark/events.js';
import { createWsTransport } from '../../src/platforms/lark/ws-transport.js';
import { startLarkServer, type LarkServer } from '../../src/sandbox/lark/server.js';
import type { LarkServerOptions, SandboxLarkApp } from '../../src/sandbox/lark/types.js';
import { card, quiet, testApp, until } from './lark-fixtures.js';

const CHAT = 'oc_ops';
// Fast reconnects so a dropped connection comes back within the test.
const FAST = { PingInterval: 30, ReconnectCount: -1, ReconnectInterval: 0.1, ReconnectNonce: 0 };
let server: LarkServer | undefined;
let transport: LarkTransport | undefined;

afterEach(async () => {
  await transport?.stop();
  await server?.stop();
  transport = undefined;
  server = undefined;
});

async function setup(opts: Partial<LarkServerOptions> = {}, appOver: Partial<SandboxLarkApp> = {}) {
  const app = testApp(appOver);
  server = await startLarkServer({ apps: [app], chats: [{ chatId: CHAT }], wsClientConfig: FAST, ...opts });
  const s = server;
  const t = createWsTransport({ appId: app.appId, appSecret: app.appSecret, domain: s.url, logger: quiet });
  transport = t;
  const states: ConnectionState['status'][] = [];
  t.onStateChange((st) => states.push(st.status));
  const client = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: s.url, logger: quiet });
  const cardId = await client.sendCard(CHAT, card('CPU high'), 'u-1');
  return { app, s, t, states, cardId };
}

describe('Lark long connection (SDK WSClient against the local gateway)', () => {
  it('delivers a click, returns the toast and applies the returned card', async () => {
    const { app, s, t, cardId } = await setup();
    const seen: LarkCardAction[] = [];
    t.onCardAction(async (e) => {
      seen.push(e);
      return { toast: { type: 'success', content: 'Acknowledged' }, card: card('CPU high — acked') };
    });
    await t.start();
    await until(() => t.state().status === 'connected', 'connected');
    const answer = await s.click({ appId: app.appId, openId: 'ou_alice', messageId: cardId, value: { action: 'ack', alertId: 42 } });
    expect(answer.toast).toEqual({ type: 'success', content: 'Acknowledged' });
    expect(seen).toEqual([
      expect.objectContaining({ appId: app.appId, openId: 'ou_alice', messageId: cardId, chatId: CHAT, value: { action: 'ack', alertId: 42 } }),
    ]);
    expect(seen[0]?.eventId).toMatch(/^ev_/);
    expect(s.message(cardId)?.content).toContain('CPU high — acked');
    expect(s.callCount('ws.ping')).toBeGreaterThan(0);
  });

  it('delivers an @-mention as a command without the mention', async () => {
    const { app, s, t } = await setup();
    const got: LarkIncomingMessage[] = [];
    t.onMessage(async (m) => void got.push(m));
    await t.start();
    await until(() => t.state().status === 'connected', 'connected');
    await s.say({ appId: app.appId, chatId: CHAT, openId: 'ou_bob', name: 'Bob', text: 'ack 42' });
    expect(got).toEqual([expect.objectContaining({ appId: app.appId, chatId: CHAT, openId: 'ou_bob', text: 'ack 42', mentions: [] })]);
    expect(s.chatMessages(CHAT).at(-1)?.sender).toEqual({ type: 'user', openId: 'ou_bob', name: 'Bob' });
  });

  it('reassembles an event split into fragments', async () => {
    const { app, s, t, cardId } = await setup();
    const big = { action: 'note', text: 'x'.repeat(5000) };
    const values: unknown[] = [];
    t.onCardAction(async (e) => {
      values.push(e.value);
      return {};
    });
    await t.start();
    await until(() => t.state().status === 'connected', 'connected');
    s.forceFragments(4);
    const before = s.callCount('ws.data_frame');
    await s.click({ appId: app.appId, openId: 'ou_alice', messageId: cardId, value: big });
    expect(s.callCount('ws.data_frame') - before).toBe(4);
    expect(values).toEqual([big]);
  });

  it('re-pushes an event not acknowledged in time, and the handler runs once', async () => {
    const { app, s, t, cardId } = await setup({ ackTimeoutMs: 150 });
    let calls = 0;
    t.onCardAction(async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 400));
      return { toast: { type: 'info', content: 'slow but done' } };
    });
    await t.start();
    await until(() => t.state().status === 'connected', 'connected');
    const answer = await s.click({ appId: app.appId, openId: 'ou_alice', messageId: cardId, value: { action: 'ack' } });
    expect(answer.toast?.content).toBe('slow but done');
    expect(s.callCount('ws.repush')).toBeGreaterThanOrEqual(1);
    // Let the late ACKs of the re-pushes arrive: every one of them carries the first answer.
    await new Promise((r) => setTimeout(r, 500));
    expect(calls).toBe(1);
  });

  // The ack rule (platforms/ack.ts): a command is acknowledged on arrival, before it runs.
  it('acks a command before it runs: a slow one is not re-pushed, and a failed one is not retried', async () => {
    const { app, s, t } = await setup({ ackTimeoutMs: 150 });
    const started: string[] = [];
    let finished = 0;
    t.onMessage(async (m) => {
      started.push(m.text);
      await new Promise((r) => setTimeout(r, 400));
      finished += 1;
      if (m.text === 'fail') throw new Error('database unavailable');
    });
    await t.start();
    await until(() => t.state().status === 'connected', 'connected');
    await s.say({ appId: app.appId, chatId: CHAT, openId: 'ou_bob', name: 'Bob', text: 'ack 42' });
    expect(finished).toBe(0);
    await s.say({ appId: app.appId, chatId: CHAT, openId: 'ou_bob', name: 'Bob', text: 'fail' });
    await until(() => finished === 2, 'both commands done');
    await new Promise((r) => setTimeout(r, 200));
    expect(s.callCount('ws.repush')).toBe(0);
    expect(started).toEqual(['ack 42', 'fail']);
  });

  it('reconnects after the gateway drops the connection', async () => {
    const { app, s, t, states } = await setup();
    await t.start();
    await until(() => t.state().status === 'connected', 'connected');
    s.dropConnections(app.appId);
    await until(() => states.includes('reconnecting'), 'reconnecting');
    await until(() => t.state().status === 'connected' && s.openConnections(app.appId) === 1, 'reconnected');
  });

  it('stop() stops for good: no reconnect after the connection drops', async () => {
    const { app, s, t } = await setup();
    await t.start();
    await until(() => t.state().status === 'connected', 'connected');
    const endpointCalls = s.callCount('ws.endpoint');
    await t.stop();
    s.dropConnections();
    await new Promise((r) => setTimeout(r, 400));
    expect(s.callCount('ws.endpoint')).toBe(endpointCalls);
    expect(s.openConnections(app.appId)).toBe(0);
    expect(t.state()).toEqual({ status: 'stopped' });
  });

  it('reports refused credentials as auth_failed with the reason', async () => {
    const app = testApp();
    server = await startLarkServer({ apps: [app], wsClientConfig: FAST });
    const t = createWsTransport({ appId: app.appId, appSecret: 'wrong', domain: server.url, logger: quiet });
    transport = t;
    await t.start();
    await until(() => t.state().status === 'auth_failed', 'auth_failed');
    const st = t.state();
    expect(st.status === 'auth_failed' && st.reason).toMatch(/code=514/);
    expect(JSON.stringify(st)).not.toContain('wrong');
  });

  it('reports an app id the SDK would silently ignore', async () => {
    const t = createWsTransport({ appId: 'cli_short', appSecret: 's', domain: 'http://127.0.0.1:9', logger: quiet });
    await t.start();
    const st = t.state();
    expect(st.status).toBe('auth_failed');
    expect(st.status === 'auth_failed' && st.reason).toMatch(/16 hex/);
  });
});
