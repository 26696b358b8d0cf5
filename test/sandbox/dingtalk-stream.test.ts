import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { startDingTalkServer, type DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import { post, tokenFor } from './dingtalk-http.js';

const APP = { clientId: 'dingapp', clientSecret: 'secret' };
const CARD_TOPIC = '/v1.0/card/instances/callback';
const ROBOT_TOPIC = '/v1.0/im/bot/messages/get';
const subscriptions = [
  { type: 'CALLBACK', topic: CARD_TOPIC },
  { type: 'CALLBACK', topic: ROBOT_TOPIC },
];

interface Frame {
  specVersion: string;
  type: string;
  headers: Record<string, string>;
  data: string;
}

/** A bare Stream client written against the protocol notes, to test the server without the SDK. */
async function openSocket(server: DingTalkServerHandle): Promise<{ ws: WebSocket; frames: Frame[]; next: () => Promise<Frame> }> {
  const { body } = await post(`${server.url}/v1.0/gateway/connections/open`, { ...APP, ua: 'test', subscriptions });
  const ws = new WebSocket(`${body.endpoint}?ticket=${body.ticket}`);
  const frames: Frame[] = [];
  const waiting: Array<(f: Frame) => void> = [];
  ws.on('message', (raw) => {
    const frame = JSON.parse(String(raw)) as Frame;
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const next = () => {
    const queued = frames.shift();
    return queued ? Promise.resolve(queued) : new Promise<Frame>((resolve) => waiting.push(resolve));
  };
  return { ws, frames, next };
}

const ack = (ws: WebSocket, messageId: string, response: unknown) =>
  ws.send(JSON.stringify({ code: 200, headers: { contentType: 'application/json', messageId }, message: 'OK', data: JSON.stringify({ response }) }));

describe('local DingTalk Stream gateway and socket', () => {
  let server: DingTalkServerHandle;
  let clock: number;
  let sockets: WebSocket[];

  async function start(options: Parameters<typeof startDingTalkServer>[0] = {}) {
    server = await startDingTalkServer({ apps: [APP], groups: [{ conversationId: 'cidOps', title: 'Ops' }], now: () => clock, ...options });
  }
  async function connected() {
    const s = await openSocket(server);
    sockets.push(s.ws);
    return s;
  }
  async function streamCard(outTrackId: string) {
    const token = await tokenFor(server.url, APP.clientId, APP.clientSecret);
    await post(`${server.url}/v1.0/card/instances/createAndDeliver`, {
      cardTemplateId: 'tpl', outTrackId, callbackType: 'STREAM', cardData: { cardParamMap: { state: 'triggered' } },
      openSpaceId: 'dtv1.card//IM_GROUP.cidOps', imGroupOpenDeliverModel: { robotCode: APP.clientId },
    }, { 'x-acs-dingtalk-access-token': token });
  }

  beforeEach(() => {
    clock = 1_700_000_000_000;
    sockets = [];
  });
  afterEach(async () => {
    for (const ws of sockets) ws.terminate();
    await server.stop();
  });

  it('refuses bad credentials with 401 authFailed', async () => {
    await start();
    const res = await post(`${server.url}/v1.0/gateway/connections/open`, { clientId: APP.clientId, clientSecret: 'wrong', subscriptions });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('authFailed');
  });

  it('accepts a ticket once and only within 90 s', async () => {
    await start();
    const open = async () => (await post(`${server.url}/v1.0/gateway/connections/open`, { ...APP, subscriptions })).body;
    const refused = (url: string) =>
      new Promise<number>((resolve) => new WebSocket(url).once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).once('open', () => resolve(101)));
    const first = await open();
    expect(first.endpoint).toBe(`${server.url.replace('http', 'ws')}/connect`);
    const ws = new WebSocket(`${first.endpoint}?ticket=${first.ticket}`);
    sockets.push(ws);
    await new Promise((resolve) => ws.once('open', resolve));
    expect(await refused(`${first.endpoint}?ticket=${first.ticket}`)).toBe(401);
    const second = await open();
    clock += 90_001;
    expect(await refused(`${second.endpoint}?ticket=${second.ticket}`)).toBe(401);
    expect(await refused(`${second.endpoint}?ticket=forged`)).toBe(401);
    expect(server.connectionCount(APP.clientId)).toBe(1);
  });

  it('sends a click as a CALLBACK frame, applies the response and records the ACK', async () => {
    await start();
    await streamCard('card-1');
    const { ws, next } = await connected();
    const clicked = server.click({ userId: 'u1', userNick: 'Li Lei', outTrackId: 'card-1', params: { action: 'ack' } });
    const frame = await next();
    expect(frame).toMatchObject({ specVersion: '1.0', type: 'CALLBACK', headers: { topic: CARD_TOPIC, contentType: 'application/json', time: String(clock) } });
    expect(JSON.parse(frame.data)).toMatchObject({
      type: 'actionCallback', outTrackId: 'card-1', userId: 'u1', spaceType: 'IM_GROUP', spaceId: 'cidOps',
      content: JSON.stringify({ cardPrivateData: { actionIds: ['ack'], params: { action: 'ack' } } }),
    });
    const response = { cardData: { cardParamMap: { state: 'acknowledged' } }, cardUpdateOptions: { updateCardDataByKey: true } };
    ack(ws, frame.headers.messageId!, response);
    expect(await clicked).toEqual(response);
    expect(server.card('card-1')).toEqual({ state: 'acknowledged' });
    expect(server.acks()).toMatchObject([{ messageId: frame.headers.messageId, topic: CARD_TOPIC, data: { response } }]);
    expect(server.userNick('u1')).toBe('Li Lei');
  });

  it('rejects a click whose response carries non-string card data', async () => {
    await start();
    await streamCard('card-2');
    const { ws, next } = await connected();
    const clicked = server.click({ userId: 'u1', outTrackId: 'card-2', params: { action: 'ack' } });
    const frame = await next();
    ack(ws, frame.headers.messageId!, { cardData: { cardParamMap: { buttonsVisible: false } } });
    await expect(clicked).rejects.toThrow('response.cardData.cardParamMap.buttonsVisible');
    expect(server.card('card-2')).toEqual({ state: 'triggered' });
  });

  it('redelivers an unacknowledged callback with the same messageId', async () => {
    await start({ redeliverAfterMs: 50, maxRedeliveries: 2 });
    await streamCard('card-3');
    const { ws, next } = await connected();
    const clicked = server.click({ userId: 'u1', outTrackId: 'card-3', params: { action: 'resolve' }, timeoutMs: 1000 });
    const first = await next();
    const second = await next();
    expect(second.headers.messageId).toBe(first.headers.messageId);
    expect(second.data).toBe(first.data);
    ack(ws, second.headers.messageId!, {});
    await clicked;
    expect(server.deliveries(first.headers.messageId!)).toBe(2);
    await new Promise((r) => setTimeout(r, 120));
    expect(server.deliveries(first.headers.messageId!)).toBe(2);
  });

  it('fails a click at once when the app has no connection, and times out without an answer', async () => {
    await start();
    await streamCard('card-4');
    await expect(server.click({ userId: 'u1', outTrackId: 'card-4', params: {} })).rejects.toThrow('no Stream connection');
    await connected();
    await expect(server.click({ userId: 'u1', outTrackId: 'card-4', params: {}, timeoutMs: 50 })).rejects.toThrow('within 50 ms');
  });

  it('delivers @-messages with the full robot message shape and a working sessionWebhook', async () => {
    await start();
    const { ws, next } = await connected();
    const said = server.say({ conversationId: 'cidOps', userId: 'u9', nick: 'Han Meimei', text: 'ack 42', atRobot: true });
    const frame = await next();
    const data = JSON.parse(frame.data);
    expect(frame.headers.topic).toBe(ROBOT_TOPIC);
    expect(data).toMatchObject({
      conversationId: 'cidOps', conversationType: '2', conversationTitle: 'Ops', senderStaffId: 'u9', senderNick: 'Han Meimei',
      isInAtList: true, robotCode: APP.clientId, msgtype: 'text', text: { content: ' ack 42' }, createAt: clock,
      sessionWebhookExpiredTime: clock + 90 * 60 * 1000,
    });
    ack(ws, frame.headers.messageId!, {});
    const { sessionWebhook } = await said;
    expect(sessionWebhook).toBe(data.sessionWebhook);

    const reply = { msgtype: 'markdown', markdown: { title: 'ack', text: '@u9 acknowledged #42' }, at: { atUserIds: ['u9', 'u10'] } };
    expect((await post(sessionWebhook!, reply)).body).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(server.groupMessages('cidOps')).toMatchObject([
      { kind: 'user', userId: 'u9', text: 'ack 42' },
      { kind: 'session', body: reply, mentioned: ['u9'] },
    ]);
    expect((await post(sessionWebhook!, { msgtype: 'markdown', markdown: { title: 'x' } })).body.errcode).toBe(40035);
    clock += 90 * 60 * 1000;
    expect((await post(sessionWebhook!, reply)).body).toEqual({ errcode: 300001, errmsg: 'session 不存在' });
    expect(server.groupMessages('cidOps')).toHaveLength(2);
  });

  it('keeps plain group messages from the robot', async () => {
    await start();
    const { frames } = await connected();
    expect(await server.say({ conversationId: 'cidOps', userId: 'u9', nick: 'H', text: 'lunch?', atRobot: false })).toEqual({ msgId: expect.any(String) });
    await new Promise((r) => setTimeout(r, 30));
    expect(frames).toHaveLength(0);
    expect(server.groupMessages('cidOps')).toHaveLength(1);
  });

  it('pings, and cuts a client that does not answer', async () => {
    // Long enough that the pong below lands before the next ping even on a loaded machine: a
    // pong later than one interval would (rightly) cut the socket before the second ping.
    await start({ pingIntervalMs: 1_000 });
    const { ws, next } = await connected();
    const ping = await next();
    expect(ping).toMatchObject({ type: 'SYSTEM', headers: { topic: 'ping' } });
    expect(JSON.parse(ping.data)).toEqual({ opaque: expect.any(String) });
    ws.send(JSON.stringify({ code: 200, headers: ping.headers, message: 'OK', data: ping.data }));
    await next();
    expect(server.connectionCount()).toBe(1);
    // This one is never answered: the next ping finds it pending and closes the socket.
    await new Promise((resolve) => ws.once('close', resolve));
    await vi.waitFor(() => expect(server.connectionCount()).toBe(0));
  });

  it('announces disconnect, then closes; dropConnections cuts at once', async () => {
    await start({ disconnectGraceMs: 30 });
    const a = await connected();
    server.disconnect('upgrade');
    const frame = await a.next();
    expect(frame).toMatchObject({ type: 'SYSTEM', headers: { topic: 'disconnect' } });
    expect(JSON.parse(frame.data)).toEqual({ reason: 'upgrade' });
    await new Promise((resolve) => a.ws.once('close', resolve));
    const b = await connected();
    const closed = new Promise<number>((resolve) => b.ws.once('close', resolve));
    server.dropConnections();
    expect(await closed).toBe(1006);
  });
});
