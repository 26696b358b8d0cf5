import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import type { WeComServerHandle } from '../../src/sandbox/wecom/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

const DING = { clientId: 'dingincidentapp', clientSecret: 'incident-secret' };
const LARK = { appId: 'cli_1ac1de0700000001', appSecret: 'incident-lark-secret' };
const SOURCE = { name: 'k8s', type: 'generic' as const, token: 'incident-source-token' };

let running: SandboxGong;
let dingtalk: DingTalkServerHandle;
let lark: LarkServer;
let wecom: WeComServerHandle;
let gong: TestGong;
let incidentPage: (id: number) => string;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    dingtalk: { apps: [DING], groups: [{ conversationId: 'cidIncident' }] },
    lark: { apps: [{ ...LARK, events: 'websocket' }], chats: [{ chatId: 'oc_incident' }] },
    wecom: { robots: [{ key: 'incident-robot' }] },
    config: ({ dingtalk, lark, wecom }) => ({
      dingtalk: { ...DING, cardTemplateId: 'gong-alert', apiBase: dingtalk.url },
      lark: { ...LARK, domain: lark.url },
      chats: [
        { name: 'ding', type: 'dingtalk', conversationId: 'cidIncident' },
        { name: 'feishu', type: 'lark', chatId: 'oc_incident' },
        { name: 'robot', type: 'wecom-webhook', webhook: wecom.webhook('incident-robot') },
      ],
    }),
  });
  ({ dingtalk, lark, wecom, gong } = running);
  incidentPage = (id) => `${gong.gong.parts.config.server.publicUrl}/console/incidents/${id}`;
});

afterAll(async () => {
  await running?.close();
});

/** One pod's alert of the group: they share alertname and namespace, and differ by pod. */
const pod = (n: number, status: 'firing' | 'resolved' = 'firing', group = 'crashloop/prod') => ({
  title: 'PodCrashLooping',
  severity: 'critical',
  status,
  group,
  labels: { alertname: 'PodCrashLooping', namespace: 'prod', pod: `api-${n}` },
});

const larkCards = (id: number) => lark.chatMessages('oc_incident').filter((m) => m.msgType === 'interactive' && !m.rootId && m.content.includes(`#${id} `));
const larkContent = (messageId: string) => lark.message(messageId)!.content;
const dingCards = (id: number) => dingtalk.groupMessages('cidIncident').filter((m) => m.kind === 'card' && m.outTrackId === `gong-${id}-ding`);
const robotMessages = () => wecom.messages('incident-robot');

describe('an incident of several alerts', () => {
  it('is one card per chat listing its alerts by what tells them apart, and counts down as they resolve', async () => {
    const { opened } = await gong.hook([1, 2, 3, 4, 5].map((n) => pod(n)), SOURCE);
    expect(opened).toHaveLength(1);
    const id = opened[0]!;

    const ding = await waitFor('DingTalk card', async () => dingtalk.card(`gong-${id}-ding`));
    expect(ding.alertCounts).toBe('5 firing · 0 resolved · 5 alerts');
    // The labels every alert shares are the card's labels; each line shows only its pod.
    expect(ding.alerts).toBe([1, 2, 3, 4, 5].map((n) => `- 🔴 pod=api-${n}`).join('\n') + '\n');
    expect(ding.labels).toBe('namespace=prod');

    const [card] = await waitFor('Lark card', async () => (larkCards(id).length > 0 ? larkCards(id) : undefined));
    expect(larkContent(card!.messageId)).toContain('**5 firing · 0 resolved · 5 alerts**');
    for (const n of [1, 2, 3, 4, 5]) expect(larkContent(card!.messageId)).toContain(`🔴 pod=api-${n}`);

    const [robotCard] = await waitFor('WeCom card', async () => (robotMessages().length > 0 ? robotMessages() : undefined));
    const notice = robotCard!.body.template_card as { emphasis_content: { title: string }; sub_title_text: string; horizontal_content_list: { url?: string }[] };
    expect(notice.emphasis_content.title).toBe('5/5');
    expect(notice.sub_title_text).toContain('🔴 pod=api-3');
    expect(notice.horizontal_content_list.map((row) => row.url)).toContain(incidentPage(id));

    // The source resolves pod 2: the same cards count down, and list it last.
    await gong.hook([pod(2, 'resolved')], SOURCE);
    const counted = await waitFor('DingTalk card counts down', async () => {
      const current = dingtalk.card(`gong-${id}-ding`);
      return current?.alertCounts === '4 firing · 1 resolved · 5 alerts' ? current : undefined;
    });
    expect(counted.alerts).toBe([1, 3, 4, 5].map((n) => `- 🔴 pod=api-${n}\n`).join('') + '- ✅ pod=api-2\n');
    await waitFor('Lark card counts down', async () => (larkContent(card!.messageId).includes('4 firing · 1 resolved · 5 alerts') ? true : undefined));
    expect(larkContent(card!.messageId)).toContain('✅ pod=api-2');
    // A robot cannot edit its card: the follow-up says the new counts, linking to the incident's page.
    await waitFor('WeCom follow-up', async () =>
      robotMessages().some((m) => JSON.stringify(m.body).includes(`[4 firing · 1 resolved · 5 alerts](${incidentPage(id)})`)) ? true : undefined,
    );

    // Still one card per chat.
    expect(larkCards(id)).toHaveLength(1);
    expect(dingCards(id)).toHaveLength(1);
    expect(robotMessages().filter((m) => m.msgtype === 'template_card')).toHaveLength(1);
  });

  it('keeps its list on DingTalk when a click answers with the card, and a merged one says where its alerts went', async () => {
    const [into] = (await gong.hook([11, 12].map((n) => pod(n, 'firing', 'merge/into')), SOURCE)).opened;
    const [from] = (await gong.hook([13, 14].map((n) => pod(n, 'firing', 'merge/from')), SOURCE)).opened;
    await waitFor('DingTalk cards', async () => (dingtalk.card(`gong-${into}-ding`) && dingtalk.card(`gong-${from}-ding`) ? true : undefined));
    await waitFor('Lark cards', async () => (larkCards(from!).length > 0 ? true : undefined));

    // The click's answer redraws the card at once without reading the incident's alerts: DingTalk keeps the list.
    await dingtalk.click({ userId: 'u-li', outTrackId: `gong-${into}-ding`, params: { action: 'ack' } });
    const acked = dingtalk.card(`gong-${into}-ding`)!;
    expect(acked.state).toBe('acknowledged');
    expect(acked.alerts).toBe('- 🔴 pod=api-11\n- 🔴 pod=api-12\n');

    // Lark applies the click's answer card as it is: it lists the incident's alerts too.
    const [intoLark] = larkCards(into!);
    const answer = await lark.click({ appId: LARK.appId, openId: 'ou_incident_li', messageId: intoLark!.messageId, value: { action: 'assign', alertId: String(into) } });
    expect(JSON.stringify(answer.card)).toContain('🔴 pod=api-12');
    expect(larkContent(intoLark!.messageId)).toContain('🔴 pod=api-11');

    const merged = await gong.gong.parts.alerts.merge({ into: into!, from: from!, actor: { name: 'Han Meimei', platform: 'api' } });
    expect(merged.ok).toBe(true);
    const into4 = await waitFor('the target counts four', async () => {
      const card = dingtalk.card(`gong-${into}-ding`);
      return card?.alertCounts === '4 firing · 0 resolved · 4 alerts' ? card : undefined;
    });
    expect(into4.alerts).toBe([11, 12, 13, 14].map((n) => `- 🔴 pod=api-${n}\n`).join(''));
    const gone = await waitFor('the merged card says so', async () => {
      const card = dingtalk.card(`gong-${from}-ding`);
      return card?.stateText === `Merged into #${into}` ? card : undefined;
    });
    expect(gone.alerts).toBe(`[Merged into &#35;${into}](${incidentPage(into!)})`);
    expect(gone.alertCounts).toBe('');
    const [larkCard] = larkCards(from!);
    await waitFor('the merged Lark card says so', async () => (larkContent(larkCard!.messageId).includes(`Merged into #${into}`) ? true : undefined));
  });
});
