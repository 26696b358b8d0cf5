import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';
import { alertDetail, postAlert, SOURCE } from '../platforms/dingtalk/gong-fixture.js';

// One person, Mei, in two Lark apps (two open_ids, one union_id) and two DingTalk organisations
// (two staffIds). Lei is configured by e-mail only and known to one Lark app; Wang is nobody's user.
const DING_A = { clientId: 'dingidsa', clientSecret: 'org-a-secret' };
const DING_B = { clientId: 'dingidsb', clientSecret: 'org-b-secret' };
const LARK_A = { appId: 'cli_aaaaaaaaaaaaaaa3', appSecret: 'tenant-a-secret' };
const LARK_B = { appId: 'cli_bbbbbbbbbbbbbbb4', appSecret: 'tenant-b-secret' };
const MEI_A = { openId: 'ou_mei_seen_by_a', name: 'Han Meimei', unionId: 'on_mei' };
const MEI_B = { openId: 'ou_mei_seen_by_b', name: 'Meimei Han', unionId: 'on_mei' };
const LEI_B = { openId: 'ou_lei_seen_by_b', name: 'Li Lei', email: 'lei@example.com' };
const WANG_B = { openId: 'ou_wang_seen_by_b', name: 'Wang Fang' };

let running: SandboxGong;
let dingA: DingTalkServerHandle;
let dingB: DingTalkServerHandle;
let larkA: LarkServer;
let larkB: LarkServer;
let gong: TestGong;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    dingtalk: [
      { apps: [DING_A], groups: [{ conversationId: 'cidIdA' }] },
      { apps: [DING_B], groups: [{ conversationId: 'cidIdB' }] },
    ],
    lark: [
      { apps: [{ ...LARK_A, events: 'websocket' }], chats: [{ chatId: 'oc_ida', members: [MEI_A] }] },
      { apps: [{ ...LARK_B, events: 'websocket' }], chats: [{ chatId: 'oc_idb', members: [MEI_B, LEI_B, WANG_B] }] },
    ],
    config: ({ dingtalks, larks }) => ({
      dingtalk: [
        { name: 'org-a', ...DING_A, cardTemplateId: 'gong-alert', apiBase: dingtalks[0]!.url },
        { name: 'org-b', ...DING_B, cardTemplateId: 'gong-alert', apiBase: dingtalks[1]!.url },
      ],
      lark: [
        { name: 'tenant-a', ...LARK_A, domain: larks[0]!.url },
        { name: 'tenant-b', ...LARK_B, domain: larks[1]!.url },
      ],
      chats: [
        { name: 'ding-a', type: 'dingtalk', conversationId: 'cidIdA', app: 'org-a', publish: ['escalations', 'assignments'] },
        { name: 'ding-b', type: 'dingtalk', conversationId: 'cidIdB', app: 'org-b', publish: ['escalations', 'assignments'] },
        { name: 'lark-a', type: 'lark', chatId: 'oc_ida', app: 'tenant-a', publish: ['escalations', 'assignments'] },
        { name: 'lark-b', type: 'lark', chatId: 'oc_idb', app: 'tenant-b', publish: ['escalations', 'assignments'] },
      ],
      users: [
        // Only tenant A's open_id is written down: tenant B's is learnt from the union_id.
        { name: 'mei', lark: { 'tenant-a': MEI_A.openId }, dingtalk: { 'org-a': 'staff-mei-a', 'org-b': 'staff-mei-b' } },
        { name: 'lei', email: LEI_B.email, dingtalk: { 'org-a': 'staff-lei-a' } },
      ],
      escalations: [{ name: 'page-both', steps: [{ after: '0m', mention: ['mei', 'lei'] }] }],
      routes: [{ match: 'page="yes"', chats: ['ding-a', 'ding-b', 'lark-a', 'lark-b'], escalation: 'page-both' }, { chats: ['ding-a', 'ding-b', 'lark-a', 'lark-b'] }],
    }),
  });
  [dingA, dingB, larkA, larkB, gong] = [running.dingtalks[0]!, running.dingtalks[1]!, running.larks[0]!, running.larks[1]!, running.gong];
});

afterAll(async () => {
  await running?.close();
});

const larkCard = (lark: LarkServer, chatId: string, id: number) =>
  lark.chatMessages(chatId).find((m) => m.msgType === 'interactive' && !m.rootId && m.content.includes(`#${id} `));

async function cardsOf(id: number) {
  const a = await waitFor('Lark card in tenant A', async () => larkCard(larkA, 'oc_ida', id));
  const b = await waitFor('Lark card in tenant B', async () => larkCard(larkB, 'oc_idb', id));
  await waitFor('DingTalk card in org A', async () => dingA.card(`gong-${id}-ding-a`));
  await waitFor('DingTalk card in org B', async () => dingB.card(`gong-${id}-ding-b`));
  return { larkA: a.messageId, larkB: b.messageId };
}

/** The timeline's actors after the alert reached `count` events. */
async function actors(id: number, count: number): Promise<string[]> {
  const timeline = await waitFor(`${count} events on #${id}`, async () => {
    const detail = await alertDetail(gong, id);
    return detail.timeline.length >= count ? detail.timeline : undefined;
  });
  return timeline.slice(1).map((event) => event.actor);
}

/** The notices (thread replies in Lark, robot messages in DingTalk) that mention the alert. */
const larkNotices = (lark: LarkServer, chatId: string, id: number) =>
  lark.chatMessages(chatId).filter((m) => m.rootId && m.sender.type === 'app' && m.content.includes(`#${id} `)).map((m) => m.content);
const dingNotices = (ding: DingTalkServerHandle, conversationId: string, id: number) =>
  ding
    .groupMessages(conversationId)
    .flatMap((m) => (m.kind === 'robot' ? [String((m.msgParam as { text?: unknown }).text ?? '')] : []))
    .filter((text) => text.includes(`#${id} `));

describe('one person across two DingTalk and two Lark apps', () => {
  it('is recognised as the same user whichever app they click or write in', async () => {
    const id = await postAlert(gong, { title: 'identity-clicks', severity: 'critical' });
    const cards = await cardsOf(id);
    const answer = await larkA.click({ appId: LARK_A.appId, openId: MEI_A.openId, messageId: cards.larkA, value: { action: 'ack', alertId: String(id) } });
    expect(answer.toast).toMatchObject({ type: 'success' });
    expect(await actors(id, 2)).toEqual(['mei']);
    // Tenant B has never been told Mei's open_id there: the union_id says who it is.
    await larkB.click({ appId: LARK_B.appId, openId: MEI_B.openId, messageId: cards.larkB, value: { action: 'unack', alertId: String(id) } });
    expect(await actors(id, 3)).toEqual(['mei', 'mei']);
    await dingB.click({ userId: 'staff-mei-b', outTrackId: `gong-${id}-ding-b`, params: { action: 'ack' } });
    expect(await actors(id, 4)).toEqual(['mei', 'mei', 'mei']);
    await dingA.say({ conversationId: 'cidIdA', userId: 'staff-mei-a', nick: 'Meimei', text: `resolve ${id}`, atRobot: true });
    expect(await actors(id, 5)).toEqual(['mei', 'mei', 'mei', 'mei']);
  });

  it('names people no app maps to a user after what their platform shows, and links by e-mail from the contact API', async () => {
    const id = await postAlert(gong, { title: 'identity-strangers', severity: 'warning' });
    const cards = await cardsOf(id);
    await larkB.click({ appId: LARK_B.appId, openId: WANG_B.openId, messageId: cards.larkB, value: { action: 'ack', alertId: String(id) } });
    expect(await actors(id, 2)).toEqual(['Wang Fang']);
    // Lei's e-mail, which tenant B's contact API gives, is the configured user's.
    await larkB.click({ appId: LARK_B.appId, openId: LEI_B.openId, messageId: cards.larkB, value: { action: 'unack', alertId: String(id) } });
    expect(await actors(id, 3)).toEqual(['Wang Fang', 'lei']);
    // A DingTalk click has no name: an org-B member who never wrote is their userId.
    await dingB.click({ userId: 'staff-zhao', outTrackId: `gong-${id}-ding-b`, params: { action: 'ack' } });
    expect(await actors(id, 4)).toEqual(['Wang Fang', 'lei', 'staff-zhao']);
  });

  it('assigns to the user behind the picked or @-mentioned account of the receiving app', async () => {
    const id = await postAlert(gong, { title: 'identity-assign', severity: 'warning' });
    const cards = await cardsOf(id);
    await larkB.click({ appId: LARK_B.appId, openId: WANG_B.openId, messageId: cards.larkB, value: { action: 'assign', alertId: String(id) }, option: MEI_B.openId, tag: 'select_person' });
    await waitFor('assigned to mei by the picker', async () => ((await alertDetail(gong, id)).assignee === 'mei' ? true : undefined));
    await dingA.say({ conversationId: 'cidIdA', userId: 'staff-lei-a', nick: 'Lei', text: `assign ${id} @Lei Li`, atRobot: true, atUserIds: ['staff-lei-a'] });
    await waitFor('assigned to lei by the mention', async () => ((await alertDetail(gong, id)).assignee === 'lei' ? true : undefined));
    await dingB.say({ conversationId: 'cidIdB', userId: 'staff-zhao', nick: 'Zhao Lei', text: `assign ${id} @Meimei`, atRobot: true, atUserIds: ['staff-mei-b'] });
    await waitFor('assigned to mei by the org-B mention', async () => ((await alertDetail(gong, id)).assignee === 'mei' ? true : undefined));
  });

  it("mentions each user in an escalation with the id of the app that posts it, and by name where that app does not know them", async () => {
    const id = await postAlert(gong, { title: 'identity-escalation', severity: 'critical', labels: { page: 'yes' } });
    await cardsOf(id);
    const [noticeA] = await waitFor('escalation in tenant A', async () => (larkNotices(larkA, 'oc_ida', id).length ? larkNotices(larkA, 'oc_ida', id) : undefined));
    const [noticeB] = await waitFor('escalation in tenant B', async () => (larkNotices(larkB, 'oc_idb', id).length ? larkNotices(larkB, 'oc_idb', id) : undefined));
    const [dingTextA] = await waitFor('escalation in org A', async () => (dingNotices(dingA, 'cidIdA', id).length ? dingNotices(dingA, 'cidIdA', id) : undefined));
    const [dingTextB] = await waitFor('escalation in org B', async () => (dingNotices(dingB, 'cidIdB', id).length ? dingNotices(dingB, 'cidIdB', id) : undefined));

    expect(noticeA).toContain(`<at id=${MEI_A.openId}></at>`);
    expect(noticeA).not.toContain(MEI_B.openId);
    // Tenant A never saw Lei: a text mention, not another app's open_id.
    expect(noticeA).toContain('@lei');
    expect(noticeA).not.toContain(LEI_B.openId);
    expect(noticeB).toContain(`<at id=${MEI_B.openId}></at>`);
    expect(noticeB).toContain(`<at id=${LEI_B.openId}></at>`);
    expect(noticeB).not.toContain(MEI_A.openId);

    expect(dingTextA).toContain('@staff-mei-a');
    expect(dingTextA).toContain('@staff-lei-a');
    expect(dingTextB).toContain('@staff-mei-b');
    expect(dingTextB).not.toContain('staff-mei-a');
    expect(dingTextB).not.toContain('staff-lei-a');
    expect(dingTextB).toContain('@lei');
  });

  it("shows each user's id per app, and who is linked to nobody, on the console's users page", async () => {
    const login = await fetch(`${gong.url}/console/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: gong.adminToken, next: '/console/users' }),
      redirect: 'manual',
    });
    // Read in English: the console speaks the configured zh-CN unless the reader chose otherwise.
    const cookie = `${login.headers.getSetCookie().find((c) => c.startsWith('gong_session='))!.split(';')[0]!}; gong_console_locale=en`;
    // The cells' data-label attributes (for stacking on a phone) are left out: the cells' text is what is checked.
    const html = (await (await fetch(`${gong.url}/console/users`, { headers: { cookie } })).text()).replace(/ data-label="[^"]*"/g, '');
    const row = (app: string) => new RegExp(`<td>${app}</td><td>(<code>[^<]*</code>|[^<]*)</td><td>[^<]*</td>`).exec(html)?.[0];
    expect(html).toContain('<th scope="row" rowspan="4">mei</th>');
    expect(row('Lark / tenant-b')).toBe(`<td>Lark / tenant-b</td><td><code>${MEI_B.openId}</code></td><td>same Lark union_id as in another app</td>`);
    expect(html).toContain(`<td><code>${LEI_B.openId}</code></td><td>e-mail</td>`);
    expect(html).toContain('<td>Lark / tenant-a</td><td class="muted">not known in this app yet: mentioned by name</td>');
    const strangers = html.slice(html.indexOf('linked to nobody'));
    expect(strangers).toContain(`<td><code>${WANG_B.openId}</code></td><td>Wang Fang</td>`);
    expect(strangers).not.toContain(MEI_B.openId);
  });
});
