import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { startDingTalkServer, type DingTalkServerHandle } from '../../../src/sandbox/dingtalk/server.js';
import { DingTalkError } from '../../../src/platforms/dingtalk/errors.js';
import { replyInSession } from '../../../src/platforms/dingtalk/session-reply.js';
import { DingTalkStreamClient } from '../../../src/platforms/dingtalk/stream-client.js';
import type { RobotMessageEvent } from '../../../src/platforms/dingtalk/stream-events.js';

const APP = { clientId: 'dingreply', clientSecret: 'reply-secret' };

describe('replyInSession: a command answered through its sessionWebhook', () => {
  let server: DingTalkServerHandle;
  let client: DingTalkStreamClient;
  let clock: number;
  let received: RobotMessageEvent[];

  beforeEach(async () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    clock = Date.now();
    received = [];
    server = await startDingTalkServer({ apps: [APP], groups: [{ conversationId: 'cidOps' }], now: () => clock });
    client = new DingTalkStreamClient({ ...APP, apiBase: server.url, logger: pino({ level: 'silent' }) });
    client.onMessage(async (e) => {
      received.push(e);
    });
    await client.connect();
    await server.say({ conversationId: 'cidOps', userId: 'u42', nick: 'Wang', text: 'show 7', atRobot: true });
    await vi.waitFor(() => expect(received).toHaveLength(1));
  });
  afterEach(async () => {
    client.stop();
    await server.stop();
    vi.restoreAllMocks();
  });

  const reply = (e: RobotMessageEvent, now = () => clock) =>
    replyInSession(
      { sessionWebhook: e.sessionWebhook, expiresAt: e.sessionWebhookExpiredTime, atUserId: e.senderStaffId, message: { title: 'Alert #7', text: `@${e.senderStaffId} **#7** CPU high — triggered` } },
      { now },
    );

  it('posts markdown that really @-mentions the sender', async () => {
    await reply(received[0]!);
    const [, answer] = server.groupMessages('cidOps');
    expect(answer).toMatchObject({
      kind: 'session',
      mentioned: ['u42'],
      body: { msgtype: 'markdown', markdown: { title: 'Alert #7', text: '@u42 **#7** CPU high — triggered' }, at: { atUserIds: ['u42'] } },
    });
  });

  it('refuses locally once the session has expired', async () => {
    const e = received[0]!;
    const err = await reply(e, () => e.sessionWebhookExpiredTime).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(DingTalkError);
    expect(err).toMatchObject({ code: 'sessionExpired', retryable: false });
    expect(server.groupMessages('cidOps')).toHaveLength(1);
  });

  it('reports the platform refusing an expired session as permanent', async () => {
    const e = received[0]!;
    clock = e.sessionWebhookExpiredTime + 1;
    // Our clock still believes the session is valid: the platform's answer decides.
    const err = await reply(e, () => e.sessionWebhookExpiredTime - 1000).catch((x: unknown) => x);
    expect(err).toMatchObject({ code: '300001', retryable: false });
    expect((err as Error).message).not.toContain('session=');
  });
});
