import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { startDingTalkServer, type DingTalkServerHandle, type DingTalkServerOptions } from '../../../src/sandbox/dingtalk/server.js';
import { DingTalkOpenApi } from '../../../src/platforms/dingtalk/openapi-client.js';
import { DingTalkStreamClient, type StreamClientOptions, type StreamState } from '../../../src/platforms/dingtalk/stream-client.js';
import type { CardActionEvent, RobotMessageEvent } from '../../../src/platforms/dingtalk/stream-events.js';

const APP = { clientId: 'dingstream', clientSecret: 'stream-secret' };
const GATEWAY = 'POST /v1.0/gateway/connections/open';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('DingTalkStreamClient (real dingtalk-stream SDK) against the local DingTalk', () => {
  let server: DingTalkServerHandle;
  const clients: DingTalkStreamClient[] = [];

  async function setup(serverOptions: DingTalkServerOptions = {}, clientOptions: Partial<StreamClientOptions> = {}) {
    server = await startDingTalkServer({ apps: [APP], groups: [{ conversationId: 'cidOps' }], ...serverOptions });
    const client = new DingTalkStreamClient({
      ...APP,
      apiBase: server.url,
      logger: pino({ level: 'silent' }),
      initialDelayMs: 20,
      random: () => 1,
      ...clientOptions,
    });
    clients.push(client);
    const states: StreamState[] = [];
    client.onStateChange((s) => states.push(s));
    return { client, states };
  }

  async function card(outTrackId: string) {
    const api = new DingTalkOpenApi({ ...APP, apiBase: server.url });
    await api.createAndDeliverCard({ cardTemplateId: 'tpl', outTrackId, openConversationId: 'cidOps', cardParamMap: { state: 'triggered' } });
  }

  beforeEach(() => {
    // The SDK prints "connect success" / "Disconnecting." with console.info; keep test output readable.
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop();
    await server.stop();
    vi.restoreAllMocks();
  });

  it('connects through the configured gateway', async () => {
    const { client, states } = await setup();
    await client.connect();
    expect(client.state).toEqual({ status: 'connected' });
    expect(states.map((s) => s.status)).toEqual(['connecting', 'connected']);
    expect(server.callCount(GATEWAY)).toBe(1);
    expect(server.connectionCount(APP.clientId)).toBe(1);
  });

  it('hands a click to the handler and returns its answer as the callback response', async () => {
    const { client } = await setup();
    const events: CardActionEvent[] = [];
    client.onCardAction(async (e) => {
      events.push(e);
      return { cardData: { cardParamMap: { state: 'acknowledged', assignee: e.userId } }, cardUpdateOptions: { updateCardDataByKey: true } };
    });
    await client.connect();
    await card('alert-7-cidOps');
    const response = await server.click({ userId: 'u1', outTrackId: 'alert-7-cidOps', params: { action: 'snooze', duration: '2h' } });
    expect(response).toEqual({ cardData: { cardParamMap: { state: 'acknowledged', assignee: 'u1' } }, cardUpdateOptions: { updateCardDataByKey: true } });
    expect(server.card('alert-7-cidOps')).toEqual({ state: 'acknowledged', assignee: 'u1' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outTrackId: 'alert-7-cidOps', userId: 'u1', params: { action: 'snooze', duration: '2h' }, actionIds: ['snooze'], spaceId: 'cidOps' });
    expect(server.acks().map((a) => a.messageId)).toEqual([events[0]!.messageId]);
  });

  it('runs the handler once when a slow answer crosses a redelivery', async () => {
    const { client } = await setup({ redeliverAfterMs: 40 });
    let calls = 0;
    client.onCardAction(async () => {
      calls += 1;
      await sleep(150);
      return { cardData: { cardParamMap: { state: 'resolved' } } };
    });
    await client.connect();
    await card('slow');
    await server.click({ userId: 'u1', outTrackId: 'slow', params: { action: 'resolve' } });
    const [ack] = server.acks();
    expect(calls).toBe(1);
    expect(server.deliveries(ack!.messageId)).toBeGreaterThanOrEqual(2);
    expect(server.card('slow')).toEqual({ state: 'resolved' });
  });

  it('answers a redelivery after a lost ACK from memory, without calling the handler again', async () => {
    const { client } = await setup({ redeliverAfterMs: 40 });
    let calls = 0;
    client.onCardAction(async () => {
      calls += 1;
      return { cardData: { cardParamMap: { state: `ack-${calls}` } } };
    });
    await client.connect();
    await card('lost');
    server.dropNextAcks(1);
    const response = await server.click({ userId: 'u1', outTrackId: 'lost', params: { action: 'ack' } });
    expect(response).toEqual({ cardData: { cardParamMap: { state: 'ack-1' } } });
    expect(calls).toBe(1);
    expect(server.deliveries(server.acks()[0]!.messageId)).toBe(2);
  });

  it('retries the handler on redelivery when it failed the first time', async () => {
    const { client } = await setup({ redeliverAfterMs: 40 });
    let calls = 0;
    client.onCardAction(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database unavailable');
      return { cardData: { cardParamMap: { state: 'acknowledged' } } };
    });
    await client.connect();
    await card('flaky');
    await server.click({ userId: 'u1', outTrackId: 'flaky', params: { action: 'ack' } });
    expect(calls).toBe(2);
    expect(server.card('flaky')).toEqual({ state: 'acknowledged' });
  });

  it('acks robot messages first, decodes them and dedupes redeliveries on msgId', async () => {
    const { client } = await setup({ redeliverAfterMs: 40 });
    const messages: RobotMessageEvent[] = [];
    client.onMessage(async (e) => {
      messages.push(e);
    });
    await client.connect();
    server.dropNextAcks(1);
    const said = await server.say({ conversationId: 'cidOps', userId: 'u9', nick: 'Han', text: '@Gong  /ack 42 ', atRobot: true });
    await sleep(100);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      conversationId: 'cidOps', senderStaffId: 'u9', senderNick: 'Han', text: '/ack 42', msgId: said.msgId,
      sessionWebhook: said.sessionWebhook, isInAtList: true, robotCode: APP.clientId,
    });
    expect(messages[0]!.sessionWebhookExpiredTime).toBeGreaterThan(Date.now());
    expect(server.deliveries(said.messageId!)).toBe(2);
  });

  // The ack rule (platforms/ack.ts), the same as Lark's: a command is acknowledged on arrival, before it runs.
  it('acks a robot message before its handler finishes: a slow or failing one is not redelivered', async () => {
    const { client } = await setup({ redeliverAfterMs: 40 });
    let calls = 0;
    client.onMessage(async () => {
      calls += 1;
      await sleep(200);
      throw new Error('database unavailable');
    });
    await client.connect();
    const said = await server.say({ conversationId: 'cidOps', userId: 'u9', nick: 'Han', text: 'ack 42', atRobot: true });
    expect(server.acks().some((ack) => ack.messageId === said.messageId)).toBe(true);
    await sleep(300);
    expect(server.deliveries(said.messageId!)).toBe(1);
    expect(calls).toBe(1);
  });

  it('reconnects after the platform cuts the socket, backing off exponentially', async () => {
    const { client, states } = await setup();
    await client.connect();
    server.injectFault({ endpoint: GATEWAY, status: 503, code: 'ServiceUnavailable', times: 3 });
    server.dropConnections();
    await vi.waitFor(() => expect(states.filter((s) => s.status === 'connected')).toHaveLength(2), { timeout: 2000 });
    const delays = states.flatMap((s) => (s.status === 'reconnecting' ? [s.delayMs] : []));
    expect(delays).toEqual([20, 40, 80, 160]);
    // One gateway call per attempt: the SDK's own reconnect timer never fires alongside ours.
    expect(server.callCount(GATEWAY)).toBe(5);
    await sleep(100);
    expect(server.callCount(GATEWAY)).toBe(5);
    expect(server.connectionCount(APP.clientId)).toBe(1);
  });

  it('starts backing off from the beginning again after a connection that stayed up', async () => {
    const { client, states } = await setup({}, { stableAfterMs: 80 });
    await client.connect();
    server.injectFault({ endpoint: GATEWAY, status: 503, code: 'ServiceUnavailable', times: 2 });
    server.dropConnections();
    await vi.waitFor(() => expect(states.filter((s) => s.status === 'connected')).toHaveLength(2));
    await sleep(100);
    server.dropConnections();
    await vi.waitFor(() => expect(states.filter((s) => s.status === 'connected')).toHaveLength(3));
    const delays = states.flatMap((s) => (s.status === 'reconnecting' ? [s.delayMs] : []));
    expect(delays).toEqual([20, 40, 80, 20]);
  });

  it('spreads reconnects with jitter between half and all of the ceiling', async () => {
    const { client, states } = await setup({}, { random: () => 0, initialDelayMs: 100 });
    await client.connect();
    server.dropConnections();
    await vi.waitFor(() => expect(states.filter((s) => s.status === 'connected')).toHaveLength(2));
    expect(states.find((s) => s.status === 'reconnecting')).toMatchObject({ delayMs: 50, attempt: 1 });
  });

  it('reconnects after a SYSTEM disconnect once the server closes the socket', async () => {
    const { client } = await setup({ disconnectGraceMs: 20 });
    await client.connect();
    server.disconnect('rolling upgrade');
    await vi.waitFor(() => expect(server.callCount(GATEWAY)).toBe(2));
    await vi.waitFor(() => expect(client.state.status).toBe('connected'));
  });

  it('never reconnects after stop(), even with a reconnect pending', async () => {
    const { client } = await setup({}, { initialDelayMs: 60 });
    await client.connect();
    server.dropConnections();
    await vi.waitFor(() => expect(client.state.status).toBe('reconnecting'));
    client.stop();
    await sleep(200);
    expect(client.state).toEqual({ status: 'stopped' });
    expect(server.callCount(GATEWAY)).toBe(1);
    expect(server.connectionCount()).toBe(0);
  });

  it('closes for good on stop() while connected', async () => {
    const { client } = await setup();
    await client.connect();
    client.stop();
    await vi.waitFor(() => expect(server.connectionCount()).toBe(0));
    await sleep(100);
    expect(server.callCount(GATEWAY)).toBe(1);
  });

  it('stops at auth_failed with the reason on bad credentials, without a retry storm', async () => {
    const { client } = await setup({}, { clientSecret: 'wrong', initialDelayMs: 5 });
    await client.connect();
    expect(client.state.status).toBe('auth_failed');
    expect(client.state).toMatchObject({ reason: expect.stringContaining('authFailed') });
    expect(client.state).not.toMatchObject({ reason: expect.stringContaining('wrong') });
    await sleep(100);
    expect(server.callCount(GATEWAY)).toBe(1);
  });
});
