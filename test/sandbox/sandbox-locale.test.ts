import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dingtalkCardHtml } from '../../src/console/render-dingtalk-card.js';
import { wecomMessageHtml } from '../../src/console/render-wecom-message.js';
import { consoleCookie, startTestGong, waitFor } from '../helpers/gong.js';

/** The sandbox's chats take Gong's language; its drawing of each group must speak it too. */
const SOURCE = { name: 'demo', type: 'generic' as const, token: 'sandbox-locale-source-token' };
const ALERT = { title: 'HighCPU on web-3', severity: 'critical', description: 'CPU above 95% for 10 minutes', labels: { alertname: 'HighCPU', instance: 'web-3' } };

type Feed = { dingtalk: string; lark: string; wecom: string };

/** The words a drawing shows, tags and entities gone. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&[a-z]+;/g, ' ');
const buttonsOf = (html: string) => [...html.matchAll(/<button[^>]*class="dt-btn[^"]*"[^>]*>([^<]*)<\/button>/g)].map((m) => m[1]);
const rowLabelsOf = (html: string) => [...html.matchAll(/<div class="dt-row"><span>([^<]*)<\/span>/g)].map((m) => m[1]);
const wecomLinksOf = (html: string, cls: string) => [...html.matchAll(new RegExp(`class="${cls}"[^>]*>([^<]*)<`, 'g'))].map((m) => m[1]);
/** Gong's own English words: none may show in a Chinese group (the alert's own title, text and labels are the source's). */
const ENGLISH = /\b(Acknowledge[sd]?|Unacknowledge|Resolved?|Reopen|Assign(ed)?|Assignee|Snoozed?|Severity|Source|Started|Escalation|Triggered|Critical|View details|by|at|until|more|nobody|recalled|Custom)\b/;

async function sandboxGong(locale: 'zh-CN' | 'en') {
  const gong = await startTestGong({ sources: [SOURCE], config: { locale, timezone: 'Asia/Shanghai' }, sandbox: true });
  const cookie = await consoleCookie(gong);
  const page = await (await fetch(`${gong.url}/sandbox`, { headers: { cookie } })).text();
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)![1]!;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${gong.url}${path}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
    return (await response.json()) as { message: string };
  };
  const feed = async () => (await (await fetch(`${gong.url}/sandbox/feed`, { headers: { cookie } })).json()) as Feed;
  return { gong, post, feed };
}

describe('a zh-CN sandbox', () => {
  let sandbox: Awaited<ReturnType<typeof sandboxGong>>;
  let id: number;
  beforeAll(async () => {
    sandbox = await sandboxGong('zh-CN');
    [id] = (await sandbox.gong.hook(ALERT)).opened as [number];
  });
  afterAll(async () => {
    await sandbox?.gong.close();
  });

  it("draws the DingTalk card and the WeCom message with the chat's Chinese labels, buttons and links", async () => {
    const feed = await waitFor('a card in the DingTalk and the WeCom group', async () => {
      const drawn = await sandbox.feed();
      return drawn.dingtalk.includes('dt-card') && drawn.wecom.includes('wc-card') ? drawn : undefined;
    });
    expect(buttonsOf(feed.dingtalk)).toEqual(['认领', '解决', '分配给我', '静默 30 分钟', '静默 2 小时', '静默 1 天']);
    expect(rowLabelsOf(feed.dingtalk)).toEqual(['级别', '处理人', '来源', '开始时间']);
    expect(feed.dingtalk).toContain('<span>严重</span>');
    expect(wecomLinksOf(feed.wecom, 'wc-jump')).toEqual(['认领', '解决', '分配给我']);
    expect(wecomLinksOf(feed.wecom, 'wc-action')).toEqual(['查看详情 ›']);
    for (const group of [feed.dingtalk, feed.wecom]) {
      const words = textOf(group).replaceAll(ALERT.title, '').replaceAll(ALERT.description, '');
      expect(words).not.toMatch(ENGLISH);
    }
  });

  it('answers a click and a `show` in Chinese, the timeline naming the platform in Chinese', async () => {
    const card = await waitFor('the DingTalk card', async () => /data-card="([^"]+)"/.exec((await sandbox.feed()).dingtalk)?.[1]);
    const clicked = await sandbox.post('/sandbox/click', { platform: 'dingtalk', person: 'alice', outTrackId: card, params: { action: 'ack' } });
    expect(clicked.message).toMatch(new RegExp(`^#${id} Alice 于 \\d\\d:\\d\\d 认领$`));
    await waitFor('the card to say who acknowledged', async () => ((await sandbox.feed()).dingtalk.includes('Alice 于') ? true : undefined));

    await sandbox.post('/sandbox/say', { platform: 'dingtalk', person: 'bob', text: `@Gong show ${id}` });
    const reply = await waitFor('the reply to show', async () => {
      const drawn = textOf((await sandbox.feed()).dingtalk);
      return drawn.includes('触发故障') ? drawn : undefined;
    });
    expect(reply).toContain('Alice 认领（钉钉）');
    expect(reply).toMatch(/来源 demo · 开始于 \d{4}-\d\d-\d\d \d\d:\d\d · 持续 (不到 1 分钟|\d+ 分钟)/);
    const words = reply.replaceAll(ALERT.title, '').replaceAll(ALERT.description, '').replace(/instance：web-3/g, '');
    expect(words).not.toMatch(/\b(opened|acknowledged|triggered|dingtalk)\b/);
    expect(words).not.toMatch(ENGLISH);
  });
});

describe('an en sandbox', () => {
  let sandbox: Awaited<ReturnType<typeof sandboxGong>>;
  beforeAll(async () => {
    sandbox = await sandboxGong('en');
    await sandbox.gong.hook(ALERT);
  });
  afterAll(async () => {
    await sandbox?.gong.close();
  });

  it('draws the same groups in English', async () => {
    const feed = await waitFor('a card in the DingTalk and the WeCom group', async () => {
      const drawn = await sandbox.feed();
      return drawn.dingtalk.includes('dt-card') && drawn.wecom.includes('wc-card') ? drawn : undefined;
    });
    expect(buttonsOf(feed.dingtalk)).toEqual(['Acknowledge', 'Resolve', 'Assign to me', 'Snooze 30m', 'Snooze 2h', 'Snooze 1d']);
    expect(rowLabelsOf(feed.dingtalk)).toEqual(['Severity', 'Assignee', 'Source', 'Started']);
    expect(wecomLinksOf(feed.wecom, 'wc-action')).toEqual(['View details ›']);
    expect(textOf(feed.dingtalk + feed.wecom)).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("the sandbox's drawing of a card without Gong's text variables", () => {
  // A chat's own card-params.json may leave the labels out: the drawing then uses the chat's words.
  const params = { title: 'HighCPU', severity: 'critical', severityEmoji: '🔴', stateText: '告警中', alertId: '#7', assignee: '-', source: 'demo', startedAt: '2026-01-02 10:00', duration: '5 分钟', buttonsVisible: 'true', ackVisible: 'true' };

  it("labels its rows and buttons in the chat's language", () => {
    const zh = dingtalkCardHtml(params, true, 'zh-CN');
    expect(buttonsOf(zh)).toEqual(['认领', '解决', '分配给我', '静默 30 分钟', '静默 2 小时', '静默 1 天']);
    expect(rowLabelsOf(zh)).toEqual(['级别', '处理人', '来源', '开始时间']);
    expect(buttonsOf(dingtalkCardHtml(params, true, 'en'))).toEqual(['Acknowledge', 'Resolve', 'Assign to me', 'Snooze 30m', 'Snooze 2h', 'Snooze 1d']);
  });

  it('says "View details" under a WeCom card in the chat\'s language', () => {
    const body = { msgtype: 'template_card', template_card: { card_type: 'text_notice', main_title: { title: '#7 HighCPU' }, card_action: { type: 1, url: 'https://gong.example.com/a/x' } } };
    expect(wecomLinksOf(wecomMessageHtml('template_card', body, undefined, 'zh-CN'), 'wc-action')).toEqual(['查看详情 ›']);
    expect(wecomLinksOf(wecomMessageHtml('template_card', body, undefined, 'en'), 'wc-action')).toEqual(['View details ›']);
  });
});
