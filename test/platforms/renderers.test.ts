import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ActionUrl, buildAlertView } from '../../src/cards/alert-view.js';
import type { AlertChannel, Notice } from '../../src/cards/channel.js';
import { chatSchema } from '../../src/config/schema.js';
import { dingtalkAppChannel } from '../../src/platforms/dingtalk/app-channel.js';
import type { DingTalkOpenApi } from '../../src/platforms/dingtalk/openapi-client.js';
import { dingtalkWebhookChannel } from '../../src/platforms/dingtalk/webhook-channel.js';
import { larkAppChannel } from '../../src/platforms/lark/app-channel.js';
import type { LarkClient } from '../../src/platforms/lark/client.js';
import { larkWebhookChannel } from '../../src/platforms/lark/webhook-channel.js';
import { RENDERERS } from '../../src/platforms/renderers.js';
import { wecomWebhookChannel } from '../../src/platforms/wecom/webhook-channel.js';
import { sampleAlert } from '../../src/templates/sample-alert.js';

// What a channel sends and what the template check and the previews show must be one drawing:
// each channel's payloads are captured and compared with RENDERERS[kind].
const view = buildAlertView(sampleAlert(), { locale: 'en', timeZone: 'UTC' });
const notice: Notice = {
  kind: 'escalation',
  title: 'Escalated to step 2',
  markdown: '#42 HighCPU — unacknowledged for 10 min',
  mentions: [{ name: 'Bob', dingtalk: 'user-bob', lark: 'ou_bob' }, { name: 'Eve', mobile: '13800000000' }],
};
const links = (alertId: number): ActionUrl => (action) => `https://gong.test/a/${alertId}/${action}`;
const actionUrl = links(view.id);

/** Posts the alert, updates it and posts a notice: the three drawings every channel sends. */
async function exercise(channel: AlertChannel): Promise<void> {
  const ref = await channel.postAlert(view, 'alert-42');
  await channel.updateAlert(ref, view);
  await channel.postNotice(notice, 'notice-1');
}

/** A fetch that records each JSON body it is given and answers success on every platform. */
function capturingFetch(): { bodies: unknown[]; fetch: typeof fetch } {
  const bodies: unknown[] = [];
  const fake = async (_url: string | URL | Request, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return Response.json({ code: 0, errcode: 0 });
  };
  return { bodies, fetch: fake as typeof fetch };
}

const firstMessage = (chat: object) => RENDERERS[(chat as { type: keyof typeof RENDERERS }).type].firstMessage(view, chatSchema.parse({ name: 'ops', ...chat }), actionUrl);

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('each channel sends what RENDERERS draws for its kind', () => {
  it('lark', async () => {
    const sent: unknown[] = [];
    const client = {
      sendCard: async (_chatId: string, card: object) => (sent.push(card), 'om_1'),
      patchCard: async (_ref: string, card: object) => void sent.push(card),
    } as unknown as LarkClient;
    await exercise(larkAppChannel({ name: 'ops', chatId: 'oc_1' }, client));
    const draw = RENDERERS.lark;
    expect(sent).toEqual([draw.alertMessages['alert-card'](view), draw.alertMessages['alert-card'](view), draw.notice(notice)]);
    expect(firstMessage({ type: 'lark', chatId: 'oc_1' })).toEqual({ look: 'lark-card', card: sent[0] });
  });

  it('lark-webhook, with the keyword its bot needs', async () => {
    const { bodies, fetch } = capturingFetch();
    vi.stubGlobal('fetch', fetch);
    const chat = { name: 'ops', webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/x', keywords: ['GONG'] };
    await exercise(larkWebhookChannel(chat, links));
    const draw = RENDERERS['lark-webhook'];
    const card = draw.alertMessages['alert-card'](view, actionUrl, chat);
    expect((card.header as { title: { content: string } }).title.content).toContain('GONG HighCPU');
    expect(bodies).toEqual([
      { msg_type: 'interactive', card },
      { msg_type: 'text', content: { text: draw.alertMessages['follow-up'](view, actionUrl, chat) } },
      { msg_type: 'interactive', card: draw.notice(notice, chat) },
    ]);
    expect(firstMessage({ type: 'lark-webhook', webhook: chat.webhook, keywords: chat.keywords })).toEqual({ look: 'lark-card', card });
  });

  it('dingtalk, with a card template and without', async () => {
    const draw = RENDERERS.dingtalk;
    const calls: unknown[] = [];
    const api = {
      createAndDeliverCard: async (input: { cardParamMap: unknown }) => (calls.push(input.cardParamMap), { outTrackId: 'o', alreadyExisted: false }),
      updateCard: async (_ref: string, params: unknown) => void calls.push(params),
      sendGroupMessage: async (input: { msgParam: unknown }) => (calls.push(input.msgParam), { processQueryKey: 'q' }),
    } as unknown as DingTalkOpenApi;
    const { title, text } = draw.notice(notice);

    await exercise(dingtalkAppChannel({ name: 'ops', conversationId: 'cid1' }, api, 'tpl', links));
    const params = draw.alertMessages['card-params'](view);
    expect(calls.splice(0)).toEqual([params, params, { title, text }]);
    expect(firstMessage({ type: 'dingtalk', conversationId: 'cid1' })).toEqual({ look: 'dingtalk-card', params });

    await exercise(dingtalkAppChannel({ name: 'ops', conversationId: 'cid1' }, api, undefined, links));
    expect(calls).toEqual([draw.alertMessages['alert-markdown'](view, actionUrl), draw.alertMessages['follow-up'](view, actionUrl), { title, text }]);
  });

  it('dingtalk-webhook, whose robot is sent the default keyword when the chat names none', async () => {
    const { bodies, fetch } = capturingFetch();
    vi.stubGlobal('fetch', fetch);
    await exercise(dingtalkWebhookChannel({ name: 'ops', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x' }, links));
    const draw = RENDERERS['dingtalk-webhook'];
    const frame = { keywords: ['alert'] };
    const markdown = draw.alertMessages['alert-markdown'](view, actionUrl, frame);
    const { title, text, at } = draw.notice(notice, frame);
    expect(bodies).toMatchObject([
      { msgtype: 'actionCard', actionCard: { ...markdown, btnOrientation: '1' } },
      { msgtype: 'markdown', markdown: draw.alertMessages['follow-up'](view, actionUrl, frame) },
      { msgtype: 'markdown', markdown: { title, text }, at },
    ]);
    expect(firstMessage({ type: 'dingtalk-webhook', webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x' })).toEqual({ look: 'dingtalk-markdown', ...markdown });
  });

  it('wecom-webhook, as a card and as markdown', async () => {
    const draw = RENDERERS['wecom-webhook'];
    const webhook = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x';
    for (const format of ['template_card', 'markdown'] as const) {
      const { bodies, fetch } = capturingFetch();
      await exercise(wecomWebhookChannel({ name: 'ops', webhook, format }, { actionUrl: links, fetch }));
      const alert = draw.alertMessages[format === 'markdown' ? 'alert-markdown' : 'alert-card'](view, actionUrl);
      expect(bodies).toEqual([alert, draw.alertMessages['follow-up'](view, actionUrl), ...draw.notice(notice)]);
      expect(firstMessage({ type: 'wecom-webhook', webhook, format })).toEqual({ look: 'wecom', message: alert });
    }
  });

  it('from a table that imports no channel', () => {
    const imports = [...readFileSync('src/platforms/renderers.ts', 'utf8').matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    expect(imports.filter((path) => /channel\.js$/.test(path!))).toEqual(['../cards/channel.js']);
  });
});
