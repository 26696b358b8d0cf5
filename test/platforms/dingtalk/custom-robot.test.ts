import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDingTalkServer, type DingTalkServerHandle } from '../../../src/sandbox/dingtalk/server.js';
import { CustomRobot, signedWebhookUrl, signWebhook, withKeyword } from '../../../src/platforms/dingtalk/custom-robot.js';
import { DingTalkError } from '../../../src/platforms/dingtalk/errors.js';
import type { WebhookMessage } from '../../../src/platforms/dingtalk/webhook-post.js';

const SECRET = 'SEC0123456789abcdef';
const T0 = 1_700_000_000_000;
const text = (content: string): WebhookMessage => ({ msgtype: 'text', text: { content } });

async function failure(promise: Promise<unknown>): Promise<DingTalkError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DingTalkError);
  return err as DingTalkError;
}

/** A fetch answering one fixed webhook body, for errcodes the local server does not produce. */
const answering = (body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status: 200 });

describe('signing', () => {
  it('matches the protocol test vector', () => {
    expect(signWebhook(SECRET, T0)).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=');
  });

  it('adds URL-encoded timestamp and sign only when there is a secret', () => {
    const webhook = 'https://oapi.dingtalk.com/robot/send?access_token=abc';
    expect(signedWebhookUrl(webhook, undefined, T0)).toBe(webhook);
    const url = new URL(signedWebhookUrl(webhook, SECRET, T0));
    expect(url.searchParams.get('access_token')).toBe('abc');
    expect(url.searchParams.get('timestamp')).toBe(String(T0));
    expect(url.searchParams.get('sign')).toBe('TSZbRFUuvaSQaRKUpF970OPCb2/LcQAP3wOvwZIzBZk=');
    expect(url.search).toContain('sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D');
  });

  it('adds the first keyword only when none is present', () => {
    expect(withKeyword('disk full', ['alert', 'gong'])).toBe('alert disk full');
    expect(withKeyword('gong: disk full', ['alert', 'gong'])).toBe('gong: disk full');
    expect(withKeyword('disk full', [])).toBe('disk full');
  });
});

describe('CustomRobot against the local DingTalk', () => {
  let server: DingTalkServerHandle;
  let clock: number;
  const robot = (token: string, secret?: string) =>
    new CustomRobot({ webhook: `${server.url}/robot/send?access_token=${token}`, ...(secret && { secret }), now: () => clock });

  beforeEach(async () => {
    clock = T0;
    server = await startDingTalkServer({
      groups: [{ conversationId: 'cidOps' }],
      robots: [
        { accessToken: 'tok-signed', secret: SECRET, keywords: ['alert'], conversationId: 'cidOps' },
        { accessToken: 'tok-plain' },
      ],
      now: () => clock,
    });
  });
  afterEach(() => server.stop());

  it('passes the signature and keyword checks', async () => {
    // Twenty timestamps, so signs containing '+' (mangled when left unencoded) are among them.
    const timestamps = Array.from({ length: 20 }, (_, i) => T0 + i * 7919);
    expect(timestamps.some((ts) => signWebhook(SECRET, ts).includes('+'))).toBe(true);
    for (const [i, ts] of timestamps.entries()) {
      clock = ts;
      await robot('tok-signed', SECRET).send(text(withKeyword(`disk full #${i}`, ['alert'])));
    }
    expect(server.robotMessages('tok-signed')).toHaveLength(20);
    expect(server.groupMessages('cidOps')[0]).toMatchObject({ kind: 'customRobot', body: { text: { content: 'alert disk full #0' } } });
  });

  it('reports keyword and signature refusals as permanent configuration errors', async () => {
    const keyword = await failure(robot('tok-signed', SECRET).send(text('disk full')));
    expect(keyword).toMatchObject({ code: '310000', retryable: false });
    expect(keyword.message).toContain('keywords not in content');
    const sign = await failure(robot('tok-signed', 'SECnot-the-secret').send(text('alert')));
    expect(sign).toMatchObject({ code: '310000', retryable: false });
    expect(sign.message).not.toContain('tok-signed');
  });

  it('reports an unknown token as permanent', async () => {
    expect(await failure(robot('tok-gone').send(text('x')))).toMatchObject({ code: '300005', retryable: false });
  });

  it('reports the 21st message in a minute as a retryable throttle, blocked for 10 minutes', async () => {
    for (let i = 0; i < 20; i++) await robot('tok-plain').send(text(`m${i}`));
    const throttled = await failure(robot('tok-plain').send(text('m20')));
    expect(throttled).toMatchObject({ code: '130101', retryable: true, retryAfterMs: 600_000 });
    clock += 5 * 60 * 1000;
    expect(await failure(robot('tok-plain').send(text('m21')))).toMatchObject({ code: '130101' });
    clock += 5 * 60 * 1000 + 1;
    await robot('tok-plain').send(text('after the block'));
    expect(server.robotMessages('tok-plain')).toHaveLength(21);
  });

  it('treats every throttle variant the sources report as retryable', async () => {
    const variants = [
      { errcode: 410100, errmsg: '发送速度太快而限流' },
      { errcode: 660026, errmsg: 'qps limit' },
      { errcode: 999999, errmsg: 'send too fast' },
    ];
    for (const body of variants) {
      const err = await failure(new CustomRobot({ webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x', fetch: answering(body) }).send(text('x')));
      expect(err, JSON.stringify(body)).toMatchObject({ code: String(body.errcode), retryable: true, retryAfterMs: 600_000 });
    }
    const other = await failure(new CustomRobot({ webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x', fetch: answering({ errcode: 40035, errmsg: '缺少参数 json' }) }).send(text('x')));
    expect(other).toMatchObject({ code: '40035', retryable: false });
  });
});
