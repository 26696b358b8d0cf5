import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { expectedSign } from '../../src/sandbox/dingtalk/custom-robot.js';
import { startDingTalkServer, type DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import { post } from './dingtalk-http.js';

const SECRET = 'SEC0123456789abcdef';
const T0 = 1_700_000_000_000;
const text = (content: string) => ({ msgtype: 'text', text: { content } });

describe('local DingTalk custom robot and sessionWebhook', () => {
  let server: DingTalkServerHandle;
  let clock: number;
  const send = (query: string, body: unknown) => post(`${server.url}/robot/send?${query}`, body);
  const signed = (token: string, ts: number, secret = SECRET) =>
    `access_token=${token}&timestamp=${ts}&sign=${encodeURIComponent(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'))}`;

  beforeEach(async () => {
    clock = T0;
    server = await startDingTalkServer({
      apps: [{ clientId: 'app', clientSecret: 's' }],
      groups: [{ conversationId: 'cidOps' }],
      robots: [
        { accessToken: 'signed', secret: SECRET, conversationId: 'cidOps' },
        { accessToken: 'kw', keywords: ['alert', 'gong'] },
        { accessToken: 'plain' },
      ],
      now: () => clock,
    });
  });
  afterEach(() => server.stop());

  it('computes the protocol test vector', () => {
    expect(expectedSign('1700000000000', SECRET)).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=');
  });

  it('accepts a correctly signed message and shows it in the robot group', async () => {
    const res = await send(signed('signed', T0), text('hello'));
    expect(res).toEqual({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
    expect(server.robotMessages('signed')).toMatchObject([{ body: text('hello') }]);
    expect(server.groupMessages('cidOps')).toMatchObject([{ kind: 'customRobot', accessToken: 'signed' }]);
  });

  it('refuses unknown tokens, wrong signatures and stale timestamps', async () => {
    expect((await send('access_token=nope', text('x'))).body).toEqual({ errcode: 300005, errmsg: 'token is not exist' });
    expect((await send('access_token=signed', text('x'))).body).toMatchObject({ errcode: 310000, errmsg: 'invalid timestamp' });
    expect((await send(signed('signed', T0, 'SECwrong'), text('x'))).body).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
    // A sign left unencoded loses its '+' on the way (decoded as a space): refused, as by DingTalk.
    let ts = T0;
    while (!expectedSign(String(ts), SECRET).includes('+')) ts += 1;
    const raw = `access_token=signed&timestamp=${ts}&sign=${expectedSign(String(ts), SECRET)}`;
    expect((await send(raw, text('x'))).body).toMatchObject({ errcode: 310000, errmsg: 'sign not match' });
    expect((await send(signed('signed', ts), text('x'))).body.errcode).toBe(0);
    clock = T0 + 60 * 60 * 1000 + 1;
    expect((await send(signed('signed', T0), text('x'))).body).toMatchObject({ errcode: 310000, errmsg: 'invalid timestamp' });
    expect(server.robotMessages('signed')).toHaveLength(1);
  });

  it('requires one of the keywords in the visible text', async () => {
    expect((await send('access_token=kw', text('disk full'))).body).toMatchObject({ errcode: 310000, errmsg: 'keywords not in content' });
    expect((await send('access_token=kw', text('[alert] disk full'))).body.errcode).toBe(0);
    const md = { msgtype: 'markdown', markdown: { title: 'gong #4', text: 'disk full' } };
    expect((await send('access_token=kw', md)).body.errcode).toBe(0);
    const card = { msgtype: 'actionCard', actionCard: { title: 'x', text: 'y', btns: [{ title: 'alert ack', actionURL: 'https://a' }] } };
    expect((await send('access_token=kw', card)).body.errcode).toBe(0);
  });

  it('validates each msgtype', async () => {
    const cases: Array<[unknown, number]> = [
      [{ msgtype: 'voice', voice: {} }, 40008],
      [{ msgtype: 'text', text: {} }, 40035],
      [{ msgtype: 'markdown', markdown: { title: 't' } }, 40035],
      [{ msgtype: 'link', link: { title: 't', text: 'x' } }, 40035],
      [{ msgtype: 'actionCard', actionCard: { title: 't', text: 'x' } }, 40035],
      [{ msgtype: 'actionCard', actionCard: { title: 't', text: 'x', btns: [{ title: 'a' }] } }, 40035],
      [{ msgtype: 'feedCard', feedCard: { links: [] } }, 40035],
      [{ msgtype: 'link', link: { title: 't', text: 'x', messageUrl: 'https://a' } }, 0],
      [{ msgtype: 'actionCard', actionCard: { title: 't', text: 'x', singleTitle: 'Open', singleURL: 'https://a' } }, 0],
      [{ msgtype: 'feedCard', feedCard: { links: [{ title: 't', messageURL: 'https://a', picURL: 'https://p' }] } }, 0],
    ];
    for (const [body, errcode] of cases) expect((await send('access_token=plain', body)).body.errcode, JSON.stringify(body)).toBe(errcode);
  });

  it('takes 20 messages a minute, then blocks the robot for 10 minutes', async () => {
    for (let i = 0; i < 20; i++) {
      clock = T0 + i * 1000;
      expect((await send('access_token=plain', text(`m${i}`))).body.errcode).toBe(0);
    }
    const tooFast = { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' };
    expect((await send('access_token=plain', text('m20'))).body).toEqual(tooFast);
    // The window has moved on, but the block holds for 10 minutes from the 21st message.
    clock = T0 + 19_000 + 9 * 60 * 1000;
    expect((await send('access_token=plain', text('later'))).body).toEqual(tooFast);
    clock = T0 + 19_000 + 10 * 60 * 1000 + 1;
    expect((await send('access_token=plain', text('after block'))).body.errcode).toBe(0);
    expect(server.robotMessages('plain')).toHaveLength(21);
    // Other robots have their own budget.
    expect((await send('access_token=kw', text('alert'))).body.errcode).toBe(0);
  });
});
