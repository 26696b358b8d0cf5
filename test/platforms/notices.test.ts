import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../src/cards/channel.js';
import { dingtalkAppChannel } from '../../src/platforms/dingtalk/app-channel.js';
import { DingTalkOpenApi } from '../../src/platforms/dingtalk/openapi-client.js';
import { dingtalkWebhookChannel } from '../../src/platforms/dingtalk/webhook-channel.js';
import { larkAppChannel } from '../../src/platforms/lark/app-channel.js';
import { createLarkClient } from '../../src/platforms/lark/client.js';
import { type DingTalkServerHandle, startDingTalkServer } from '../../src/sandbox/dingtalk/server.js';
import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import { PATIENT_PLATFORM } from '../helpers/gong.js';

const notice: Notice = {
  kind: 'escalation',
  title: 'Escalated to step 2',
  markdown: '#7 HighCPU — unacknowledged for 10 min',
  mentions: [{ name: 'Bob', dingtalk: 'user-bob', lark: 'ou_bob' }, { name: 'Eve', mobile: '13800000000' }],
};
const noLinks = () => () => 'http://gong.test/a/x';

let dingtalk: DingTalkServerHandle;
let lark: LarkServer;
const LARK_APP = { appId: 'cli_00112233445566aa', appSecret: 'notice-secret' };

beforeAll(async () => {
  dingtalk = await startDingTalkServer({ ...PATIENT_PLATFORM.dingtalk,
    apps: [{ clientId: 'notice-app', clientSecret: 'notice-app-secret' }],
    groups: [{ conversationId: 'cidNotice' }],
    robots: [{ accessToken: 'notice-robot', secret: 'SECnotice', keywords: ['alert'], conversationId: 'cidRobot' }],
  });
  lark = await startLarkServer({ ...PATIENT_PLATFORM.lark, apps: [{ ...LARK_APP, events: 'websocket' }], chats: [{ chatId: 'oc_notice' }] });
});
afterAll(async () => {
  await dingtalk?.stop();
  await lark?.stop();
});

describe('notices', () => {
  it('reach a DingTalk custom robot with a real @ and the keyword', async () => {
    const channel = dingtalkWebhookChannel({ name: 'robot', webhook: `${dingtalk.url}/robot/send?access_token=notice-robot`, secret: 'SECnotice', keywords: ['alert'] }, noLinks);
    expect(await channel.postNotice(notice, 'n-1')).toBe('n-1');
    const [sent] = dingtalk.robotMessages('notice-robot');
    const body = sent!.body as { markdown: { text: string }; at: { atUserIds: string[]; atMobiles: string[] } };
    expect(body.at).toEqual({ atUserIds: ['user-bob'], atMobiles: ['13800000000'] });
    expect(body.markdown.text).toContain('@user-bob @13800000000');
    expect(body.markdown.text.startsWith('alert ')).toBe(true);
  });

  it('reach a DingTalk app robot group as markdown', async () => {
    const api = new DingTalkOpenApi({ clientId: 'notice-app', clientSecret: 'notice-app-secret', apiBase: dingtalk.url });
    const channel = dingtalkAppChannel({ name: 'group', conversationId: 'cidNotice' }, api, 'tpl', noLinks);
    await channel.postNotice(notice, 'n-2');
    const posted = dingtalk.groupMessages('cidNotice').at(-1);
    expect(JSON.stringify(posted)).toContain('Escalated to step 2');
  });

  it('answer in the Lark card thread with <at> tags', async () => {
    const client = createLarkClient({ ...LARK_APP, domain: lark.url });
    const channel = larkAppChannel({ name: 'lark', chatId: 'oc_notice' }, client);
    const card = await channel.postAlert(
      { id: 7, title: 'HighCPU', severity: 'critical', severityEmoji: '🔴', severityText: 'Critical', state: 'triggered', stateText: 'Triggered', statusLine: 'Triggered', assignee: null, source: 'am', count: 1, summary: null, labels: [], startedAt: '2026-01-01 10:00', duration: '10m', snoozedUntil: null, escalation: null, links: [], buttons: ['ack'], snoozeChoices: [], locale: 'en', version: 1 },
      'card-7',
    );
    const reply = await channel.postNotice({ ...notice, replyToRef: card }, 'n-3');
    const stored = lark.message(reply)!;
    expect(stored.rootId).toBe(card);
    expect(stored.content).toContain('<at id=ou_bob></at>');
    expect(stored.content).toContain('@Eve');
    expect(await channel.postNotice({ ...notice, replyToRef: card }, 'n-3')).toBe(reply);
  });
});
