import { describe, expect, it } from 'vitest';
import { CustomRobot } from '../../src/platforms/dingtalk/custom-robot.js';
import { DingTalkOpenApi } from '../../src/platforms/dingtalk/openapi-client.js';
import { toLarkError } from '../../src/platforms/lark/errors.js';
import { sendCustomBot } from '../../src/platforms/lark/custom-bot.js';
import { postToRobot } from '../../src/platforms/wecom/robot-client.js';
import { networkCause, PlatformError } from '../../src/shared/platform-error.js';

/**
 * Every platform's failures, classified into the one contract delivery reads: a rate limit is
 * retryable after the platform's wait, refused credentials are not retryable, a 5xx is, and a
 * request that got no answer names its cause.
 */

/** What undici's fetch throws: `fetch failed`, the socket's error in `cause`. */
const fetchFailed = (code: string) => new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code }) });
const NETWORK: [string, Error, string][] = [
  ['DNS', fetchFailed('ENOTFOUND'), 'dns'],
  ['refused', fetchFailed('ECONNREFUSED'), 'refused'],
  ['reset', fetchFailed('ECONNRESET'), 'reset'],
  ['TLS', fetchFailed('CERT_HAS_EXPIRED'), 'tls'],
  ['connect timeout', fetchFailed('UND_ERR_CONNECT_TIMEOUT'), 'timeout'],
  ['abort timeout', new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'timeout'],
  ['unknown', new TypeError('fetch failed'), 'network'],
];

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const answering = (status: number, body: unknown): typeof fetch => async () => json(status, body);
const throwing = (error: Error): typeof fetch => async () => Promise.reject(error);

async function failure(call: Promise<unknown>): Promise<PlatformError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('DingTalk OpenAPI', () => {
  const api = (status: number, body: unknown) =>
    new DingTalkOpenApi({
      clientId: 'app',
      clientSecret: 'secret',
      fetch: async (url) => (String(url).endsWith('/oauth2/accessToken') ? json(200, { accessToken: 'tok', expireIn: 7200 }) : json(status, body)),
    });

  it('a QPS limit is retryable after a second', async () => {
    expect(await failure(api(403, { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' }).updateCard('c', {}))).toMatchObject({ retryable: true, retryAfterMs: 1000 });
  });
  it('refused app credentials are not retryable', async () => {
    const refused = new DingTalkOpenApi({ clientId: 'app', clientSecret: 'wrong', fetch: answering(400, { code: 'invalidClientIdOrSecret' }) });
    const error = await failure(refused.updateCard('c', {}));
    expect(error).toMatchObject({ code: 'invalidClientIdOrSecret', retryable: false, retryAfterMs: undefined });
    expect(error.message).not.toContain('wrong');
  });
  it('a 5xx is retryable', async () => {
    expect(await failure(api(502, {}).updateCard('c', {}))).toMatchObject({ code: 'http502', httpStatus: 502, retryable: true });
  });
  it.each(NETWORK)('a %s failure is retryable and named', async (_name, error, code) => {
    const down = new DingTalkOpenApi({ clientId: 'app', clientSecret: 'secret', fetch: throwing(error) });
    expect(await failure(down.updateCard('c', {}))).toMatchObject({ code, retryable: true, httpStatus: undefined });
  });
});

describe('DingTalk custom robot', () => {
  const robot = (fetchImpl: typeof fetch) => new CustomRobot({ webhook: 'https://oapi.dingtalk.com/robot/send?access_token=tok-secret', fetch: fetchImpl });
  const text = { msgtype: 'text', text: { content: 'x' } } as const;

  it('a throttle is retryable after the 10-minute block', async () => {
    expect(await failure(robot(answering(200, { errcode: 130101, errmsg: 'send too fast' })).send(text))).toMatchObject({ code: '130101', retryable: true, retryAfterMs: 600_000 });
  });
  it('a dead token or a refused signature is not retryable', async () => {
    expect(await failure(robot(answering(200, { errcode: 300005, errmsg: 'token is not exist' })).send(text))).toMatchObject({ code: '300005', retryable: false });
    expect(await failure(robot(answering(200, { errcode: 310000, errmsg: 'sign not match' })).send(text))).toMatchObject({ code: '310000', retryable: false });
  });
  it('a 5xx is retryable', async () => {
    expect(await failure(robot(answering(503, {})).send(text))).toMatchObject({ code: 'http503', retryable: true });
  });
  it.each(NETWORK)('a %s failure is retryable and never shows the URL', async (_name, error, code) => {
    const refused = await failure(robot(throwing(error)).send(text));
    expect(refused).toMatchObject({ code, retryable: true });
    expect(refused.message).not.toContain('tok-secret');
  });
});

describe('Lark app client', () => {
  const axios = (status: number, data: unknown, headers: Record<string, string> = {}) => ({ isAxiosError: true, message: 'x', response: { status, data, headers } });

  it('the gateway limit is retryable after the reset the header names', () => {
    expect(toLarkError(axios(429, { code: 99991400, msg: 'limit' }, { 'x-ogw-ratelimit-reset': '2' }))).toMatchObject({ code: '99991400', retryable: true, retryAfterMs: 2000 });
  });
  it("the chat's own limit is retryable and concerns that chat alone", () => {
    expect(toLarkError(axios(400, { code: 230020, msg: 'limit' }))).toMatchObject({ retryable: true, scope: 'destination' });
  });
  it('a refused app secret is not retryable', () => {
    const error = toLarkError(new Error('failed to get tenant_access_token, code: 10014, msg: app secret invalid'));
    expect(error).toMatchObject({ code: '10014', retryable: false });
    expect(error).toBeInstanceOf(PlatformError);
  });
  it('a 5xx is retryable', () => {
    expect(toLarkError(axios(502, 'bad gateway'))).toMatchObject({ httpStatus: 502, retryable: true });
  });
  it.each([
    ['ENOTFOUND', 'dns'],
    ['ECONNREFUSED', 'refused'],
    ['ECONNABORTED', 'timeout'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_NETWORK', 'network'],
  ])('axios %s is retryable with the code %s', (axiosCode, code) => {
    expect(toLarkError({ isAxiosError: true, code: axiosCode, message: 'x' })).toMatchObject({ code, retryable: true, httpStatus: undefined });
  });
});

describe('Lark custom bot', () => {
  const target = { webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/hook-secret-token' };
  const text = { msg_type: 'text', content: { text: 'x' } } as const;

  it('a throttle is retryable; a bad signature is not', async () => {
    expect(await failure(sendCustomBot(target, text, { fetch: answering(200, { code: 11232, msg: 'frequency limited' }) }))).toMatchObject({ code: '11232', retryable: true });
    expect(await failure(sendCustomBot(target, text, { fetch: answering(200, { code: 19021, msg: 'sign match fail' }) }))).toMatchObject({ code: '19021', retryable: false });
  });
  it('a 5xx is retryable', async () => {
    expect(await failure(sendCustomBot(target, text, { fetch: answering(500, {}) }))).toMatchObject({ httpStatus: 500, retryable: true });
  });
  it.each(NETWORK)('a %s failure is retryable and never shows the URL', async (_name, error, code) => {
    const refused = await failure(sendCustomBot(target, text, { fetch: throwing(error) }));
    expect(refused).toMatchObject({ code, retryable: true });
    expect(refused.message).not.toContain('hook-secret-token');
  });
});

describe('WeCom robot', () => {
  const webhook = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-secret';
  const text = { msgtype: 'text', text: { content: 'x' } } as const;

  it('a throttle is retryable after the rest of the minute', async () => {
    expect(await failure(postToRobot(webhook, text, 'chat ops', answering(200, { errcode: 45009, errmsg: 'api freq out of limit' })))).toMatchObject({ code: '45009', retryable: true, retryAfterMs: 60_000 });
  });
  it('an unknown robot key is not retryable', async () => {
    expect(await failure(postToRobot(webhook, text, 'chat ops', answering(200, { errcode: 93000, errmsg: 'invalid webhook url' })))).toMatchObject({ code: '93000', retryable: false });
  });
  it('a 5xx is retryable', async () => {
    expect(await failure(postToRobot(webhook, text, 'chat ops', answering(502, {})))).toMatchObject({ code: 'http502', httpStatus: 502, retryable: true });
  });
  it.each(NETWORK)('a %s failure is retryable and never shows the key', async (_name, error, code) => {
    const refused = await failure(postToRobot(webhook, text, 'chat ops', throwing(error)));
    expect(refused).toMatchObject({ code, retryable: true });
    expect(refused.message).not.toContain('robot-key-secret');
  });
});

describe('networkCause', () => {
  it('finds the cause behind every wrapper: cause chains and AggregateErrors', () => {
    const aggregate = Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'connect failed'), {});
    expect(networkCause(new TypeError('fetch failed', { cause: aggregate }))).toEqual({ code: 'refused', words: 'connection refused (ECONNREFUSED)' });
    expect(networkCause({ code: 'EAI_AGAIN' }).code).toBe('dns');
    expect(networkCause('not an error')).toEqual({ code: 'network', words: 'network failure' });
  });
  it('survives a cause cycle', () => {
    const a: { cause?: unknown } = {};
    a.cause = { cause: a };
    expect(networkCause(a).code).toBe('network');
  });
});
