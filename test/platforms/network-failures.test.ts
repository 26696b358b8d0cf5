import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../src/platforms/dingtalk/webhook-post.js';
import { sendCustomBot } from '../../src/platforms/lark/custom-bot.js';
import { postToRobot } from '../../src/platforms/wecom/robot-client.js';
import { callAlertmanager } from '../../src/sources/alertmanager-api.js';
import { describeDeliveryError } from '../../src/shared/describe-error.js';
import { closedPort, HAS_OPENSSL, selfSignedServer, silentServer } from '../helpers/failing-servers.js';

/** Each outbound call over a real socket that fails: the message says why, where, and never the key. */
const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('it succeeded'); }, (error: Error) => error);

describe('a failed outbound call says its cause', () => {
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let port: number;
  beforeAll(async () => {
    silent = await silentServer();
    port = await closedPort();
  });
  afterAll(async () => {
    await silent?.close();
  });

  it('a WeCom robot on a closed port: connection refused, key masked', async () => {
    const error = await failure(postToRobot(`http://127.0.0.1:${port}/cgi-bin/webhook/send?key=ROBOT-KEY-1`, { msgtype: 'text', text: { content: 'x' } }, 'chat ops'));
    expect(describeDeliveryError(error)).toBe(`chat ops: connection refused by 127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('a Lark bot whose host does not resolve: DNS name not found', async () => {
    const error = await failure(sendCustomBot({ webhook: 'https://gong-test.invalid/open-apis/bot/v2/hook/BOT-TOKEN-1' }, { msg_type: 'text', content: { text: 'x' } }));
    expect(describeDeliveryError(error)).toMatch(/^lark custom bot code dns: DNS name not found: gong-test\.invalid:443 \((ENOTFOUND|EAI_AGAIN)\)$/);
    expect(describeDeliveryError(error)).not.toContain('BOT-TOKEN-1');
  });

  it('a DingTalk robot that never answers: timed out, with the configured timeout', async () => {
    const error = await failure(postWebhook(`http://127.0.0.1:${silent.port}/robot/send?access_token=TOKEN-1`, { msgtype: 'text', text: { content: 'x' } }, 'chat ops', fetch, 300));
    expect(describeDeliveryError(error)).toBe(`timeout: chat ops: timed out waiting for 127.0.0.1:${silent.port}`);
  });

  it.skipIf(!HAS_OPENSSL)('a Lark bot behind a self-signed certificate: TLS certificate problem (skipped without openssl)', async () => {
    const server = await selfSignedServer();
    try {
      const error = await failure(sendCustomBot({ webhook: `https://127.0.0.1:${server.port}/open-apis/bot/v2/hook/BOT-TOKEN-2` }, { msg_type: 'text', content: { text: 'x' } }));
      expect(describeDeliveryError(error)).toMatch(new RegExp(`^lark custom bot code tls: TLS certificate problem with 127\\.0\\.0\\.1:${server.port} \\(DEPTH_ZERO_SELF_SIGNED_CERT\\)$`));
    } finally {
      await server.close();
    }
  });

  it('Alertmanager on a closed port, its password masked', async () => {
    const error = await failure(callAlertmanager({ name: 'am', alertmanagerUrl: `http://127.0.0.1:${port}`, alertmanagerAuthorization: 'Basic c2VjcmV0' }, '/api/v2/silences'));
    expect(error.message).toBe(`could not reach Alertmanager: connection refused by 127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it('a raw fetch failure that reaches a chat status: its cause, not "fetch failed"', async () => {
    const error = await failure(fetch(`http://127.0.0.1:${port}/`));
    expect(describeDeliveryError(error)).toBe(`connection refused by 127.0.0.1:${port} (ECONNREFUSED)`);
  });
});
