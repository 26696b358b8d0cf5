import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DingTalkServerHandle, startDingTalkServer } from '../../src/sandbox/dingtalk/server.js';
import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import { PATIENT_PLATFORM, startTestGong, type TestGong, waitFor } from '../helpers/gong.js';

const DING = { clientId: 'dingcrossapp', clientSecret: 'cross-secret' };
const LARK = { appId: 'cli_abcdefabcdef0123', appSecret: 'cross-lark-secret' };
const SOURCE = { name: 'am', type: 'generic' as const, token: 'cross-source-token' };

let dingtalk: DingTalkServerHandle;
let lark: LarkServer;
let gong: TestGong;

beforeAll(async () => {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  dingtalk = await startDingTalkServer({ ...PATIENT_PLATFORM.dingtalk, apps: [DING], groups: [{ conversationId: 'cidCross' }] });
  lark = await startLarkServer({ ...PATIENT_PLATFORM.lark,
    apps: [{ ...LARK, events: 'websocket' }],
    chats: [{ chatId: 'oc_cross', members: [{ openId: 'ou_mei', name: 'Han Meimei' }] }],
  });
  gong = await startTestGong({
    sources: [SOURCE],
    config: {
      locale: 'en',
      dingtalk: { ...DING, cardTemplateId: 'gong-alert', apiBase: dingtalk.url },
      lark: { ...LARK, domain: lark.url },
      chats: [
        { name: 'ding', type: 'dingtalk', conversationId: 'cidCross' },
        { name: 'feishu', type: 'lark', chatId: 'oc_cross' },
      ],
    },
  });
  await waitFor('both connections', async () => (lark.openConnections(LARK.appId) > 0 && dingtalk.connectionCount(DING.clientId) > 0 ? true : undefined));
});

afterAll(async () => {
  await gong?.close();
  await lark?.stop();
  await dingtalk?.stop();
  vi.restoreAllMocks();
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
