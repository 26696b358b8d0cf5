import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

const DING = { clientId: 'dingcrossapp', clientSecret: 'cross-secret' };
const LARK = { appId: 'cli_abcdefabcdef0123', appSecret: 'cross-lark-secret' };
const SOURCE = { name: 'am', type: 'generic' as const, token: 'cross-source-token' };

let running: SandboxGong;
let dingtalk: DingTalkServerHandle;
let lark: LarkServer;
let gong: TestGong;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    dingtalk: { apps: [DING], groups: [{ conversationId: 'cidCross' }] },
    lark: { apps: [{ ...LARK, events: 'websocket' }], chats: [{ chatId: 'oc_cross', members: [{ openId: 'ou_mei', name: 'Han Meimei' }] }] },
    config: ({ dingtalk, lark }) => ({
      dingtalk: { ...DING, cardTemplateId: 'gong-alert', apiBase: dingtalk.url },
      lark: { ...LARK, domain: lark.url },
      chats: [
        { name: 'ding', type: 'dingtalk', conversationId: 'cidCross' },
        { name: 'feishu', type: 'lark', chatId: 'oc_cross' },
      ],
    }),
  });
  ({ dingtalk, lark, gong } = running);
});

afterAll(async () => {
  await running?.close();
});

async function fire(title: string): Promise<number> {
  return (await gong.hook({ title, severity: 'critical' }, SOURCE)).opened[0]!;
}

const larkCard = (id: number) =>
  lark.chatMessages('oc_cross').find((m) => m.msgType === 'interactive' && !m.rootId && m.content.includes(`#${id} `));
const larkSubtitle = (messageId: string) =>
  (JSON.parse(lark.message(messageId)!.content) as { header: { subtitle: { content: string } } }).header.subtitle.content;

describe('one alert, cards on both platforms', () => {
  it('a click in Lark updates the DingTalk card', async () => {
    const id = await fire('cross-lark-first');
    const card = await waitFor('Lark card', async () => larkCard(id));
    await waitFor('DingTalk card', async () => dingtalk.card(`gong-${id}-ding`));
    const answer = await lark.click({ appId: LARK.appId, openId: 'ou_mei', messageId: card.messageId, value: { action: 'ack', alertId: String(id) } });
    expect(answer.toast?.type).toBe('success');
    const updated = await waitFor('DingTalk card acknowledged', async () => (dingtalk.card(`gong-${id}-ding`)?.state === 'acknowledged' ? dingtalk.card(`gong-${id}-ding`) : undefined));
    expect(updated.stateText).toContain('Han Meimei');
  });

  it('a click in DingTalk updates the Lark card, and a late Lark click is refused with the winner', async () => {
    const id = await fire('cross-ding-first');
    const card = await waitFor('Lark card', async () => larkCard(id));
    await waitFor('DingTalk card', async () => dingtalk.card(`gong-${id}-ding`));
    const response = await dingtalk.click({ userId: 'u-li', outTrackId: `gong-${id}-ding`, params: { action: 'resolve' } });
    expect(JSON.stringify(response)).toContain('resolved');
    await waitFor('Lark card resolved', async () => (larkSubtitle(card.messageId).includes('Resolved by') ? true : undefined));
    const late = await lark.click({ appId: LARK.appId, openId: 'ou_mei', messageId: card.messageId, value: { action: 'ack', alertId: String(id) } });
    expect(late.toast).toMatchObject({ type: 'warning', content: expect.stringContaining('already resolved by') });
  });
});
