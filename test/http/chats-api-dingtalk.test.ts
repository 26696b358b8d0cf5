import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

const APP = { clientId: 'dingchatsapitest', clientSecret: 'dingtalk-secret-chats' };
const ROBOT = { accessToken: 'robot-token-chats-api-0001', secret: 'SECchatsapisecret', conversationId: 'cidRobotGroup' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };

let running: SandboxGong;
let dingtalk: DingTalkServerHandle;
let gong: TestGong;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    dingtalk: { apps: [APP], groups: [{ conversationId: 'cidAdded' }, { conversationId: ROBOT.conversationId }], robots: [ROBOT] },
    config: ({ dingtalk }) => ({ dingtalk: { ...APP, cardTemplateId: 'tpl.schema', apiBase: dingtalk.url } }),
  });
  ({ dingtalk, gong } = running);
});

afterAll(async () => {
  await running?.close();
});

const post = (path: string, body?: unknown) => gong.api<Record<string, unknown>>(`/api/v1${path}`, { method: 'POST', body: body ?? {} });

describe('DingTalk chats added through the API', () => {
  it('serves an app-robot group at once, cards included', async () => {
    await post('/chats', { name: 'dd-added', type: 'dingtalk', conversationId: 'cidAdded' });
    expect(await post('/chats/dd-added/test')).toMatchObject({ ok: true, chat: 'dd-added' });
    await gong.hook({ title: 'card for the added group', severity: 'critical' });
    await waitFor('the card', async () => (dingtalk.groupMessages('cidAdded').some((m) => m.kind === 'card') ? true : undefined));
  });

  it('masks a custom robot webhook and keeps its secret', async () => {
    const webhook = `${dingtalk.url}/robot/send?access_token=${ROBOT.accessToken}`;
    const created = await post('/chats', { name: 'dd-robot', type: 'dingtalk-webhook', webhook, secret: ROBOT.secret });
    expect(created).toMatchObject({ webhook: `${dingtalk.url}/robot/send?access_token=•••`, hasSecret: true });
    expect(JSON.stringify(await gong.api('/api/v1/chats'))).not.toContain(ROBOT.accessToken);
    // The local robot checks the signature: the stored secret is used.
    expect(await post('/chats/dd-robot/test')).toMatchObject({ ok: true });
    expect(dingtalk.robotMessages(ROBOT.accessToken)).toHaveLength(1);
  });
});
