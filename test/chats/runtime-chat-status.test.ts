import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';
import { postAlert, SOURCE } from '../platforms/dingtalk/gong-fixture.js';

const LARK_BOT = { token: 'runtime-lark-bot-token', secret: 'lark-right-secret' };
const DING_ROBOT = { accessToken: 'runtime-ding-robot-token', secret: 'SECdingright' };

type AppStatus = { platform: string; app: string; state: string; reason?: string };
type ChatState = { chat: string; state: string; reason: string | null; type?: string };

/** Custom robots and bots added from the API report their state where the config file's do. */
describe('chats added at run time, in /readyz and the chat status', () => {
  let running: SandboxGong;
  let gong: TestGong;

  beforeAll(async () => {
    running = await startSandboxGong({
      sources: [SOURCE],
      lark: { customBots: [LARK_BOT] },
      dingtalk: { robots: [DING_ROBOT] },
      wecom: { robots: [{ key: 'runtime-live-robot' }] },
      // The config file's Lark bot, signed wrong: the shape the run-time chats must match.
      config: ({ lark }) => ({ chats: [{ name: 'file-lark', type: 'lark-webhook', webhook: `${lark.url}/open-apis/bot/v2/hook/${LARK_BOT.token}`, secret: 'lark-wrong-file' }] }),
    });
    const { lark, dingtalk, wecom } = running;
    ({ gong } = running);
    const larkHook = `${lark.url}/open-apis/bot/v2/hook/${LARK_BOT.token}`;
    for (const body of [
      { name: 'added-lark', type: 'lark-webhook', webhook: larkHook, secret: 'lark-wrong-secret' },
      { name: 'added-ding', type: 'dingtalk-webhook', webhook: `${dingtalk.url}/robot/send?access_token=${DING_ROBOT.accessToken}`, secret: 'SECdingwrong' },
      { name: 'added-wecom', type: 'wecom-webhook', webhook: wecom.webhook('runtime-removed-robot'), format: 'markdown' },
      { name: 'added-fine', type: 'wecom-webhook', webhook: wecom.webhook('runtime-live-robot'), format: 'markdown' },
    ]) {
      await gong.api('/api/v1/chats', { body });
    }
  });

  afterAll(async () => {
    await running?.close();
  });

  it('shows each refusing robot in /readyz with the platform’s reason, like a config chat', async () => {
    for (const chat of ['file-lark', 'added-lark', 'added-ding', 'added-wecom', 'added-fine']) {
      await fetch(`${gong.url}/api/v1/chats/${chat}/test`, { method: 'POST', headers: { authorization: `Bearer ${gong.adminToken}` } });
    }
    const ready = (await (await fetch(`${gong.url}/readyz`)).json()) as { status: string; platforms: AppStatus[] };
    expect(ready.status).toBe('ready');
    const failed = ready.platforms.filter((app) => app.app.startsWith('chat '));
    expect(failed).toEqual(
      expect.arrayContaining([
        { platform: 'lark', app: 'chat file-lark', state: 'failed', reason: expect.stringContaining('19021') },
        { platform: 'lark', app: 'chat added-lark', state: 'failed', reason: expect.stringContaining('19021') },
        { platform: 'dingtalk', app: 'chat added-ding', state: 'failed', reason: expect.stringContaining('310000') },
        { platform: 'wecom', app: 'chat added-wecom', state: 'failed', reason: expect.stringContaining('93000') },
      ]),
    );
    // The robot that took its test message is not reported as failing.
    expect(failed.map((app) => app.app).sort()).toEqual(['chat added-ding', 'chat added-lark', 'chat added-wecom', 'chat file-lark']);
    const text = JSON.stringify(ready);
    for (const secret of [LARK_BOT.token, DING_ROBOT.accessToken, 'runtime-removed-robot', 'lark-wrong-secret', 'SECdingwrong']) expect(text).not.toContain(secret);
  });

  it('lists every chat, config and run-time, in the per-chat status, with refusals marked', async () => {
    await postAlert(gong, { title: 'Marks the refusing chats', severity: 'warning' });
    const status = await waitFor('the refusing chats marked failing', async () => {
      const body = await gong.api<{ chats: ChatState[] }>('/api/v1/chats/status');
      const failing = body.chats.filter((chat) => chat.state === 'failing').map((chat) => chat.chat);
      return ['added-ding', 'added-lark', 'added-wecom'].every((name) => failing.includes(name)) ? body : undefined;
    });
    expect(status.chats.map((chat) => chat.chat).sort()).toEqual(['added-ding', 'added-fine', 'added-lark', 'added-wecom', 'file-lark']);
    expect(status.chats.find((chat) => chat.chat === 'added-wecom')).toMatchObject({ type: 'wecom-webhook', reason: expect.stringContaining('93000') });
    expect(status.chats.find((chat) => chat.chat === 'added-fine')).toMatchObject({ type: 'wecom-webhook', state: 'ok', reason: null });
  });

  it('forgets a deleted chat’s state', async () => {
    const deleted = await fetch(`${gong.url}/api/v1/chats/added-wecom`, { method: 'DELETE', headers: { authorization: `Bearer ${gong.adminToken}` } });
    expect(deleted.status).toBe(204);
    const ready = (await (await fetch(`${gong.url}/readyz`)).json()) as { platforms: AppStatus[] };
    expect(ready.platforms.map((app) => app.app)).not.toContain('chat added-wecom');
  });
});
