import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cards as cardRows } from '../../src/db/schema.js';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import type { SandboxLarkApp } from '../../src/sandbox/lark/types.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';
import { postAlert, sessionReplies, SOURCE } from '../platforms/dingtalk/gong-fixture.js';

// Two DingTalk and two Lark apps, each on its own local platform (two organisations, two tenants;
// tenant B sends events over HTTP), plus a third DingTalk app whose secret is wrong.
const DING_A = { clientId: 'dingorga', clientSecret: 'org-a-secret' };
const DING_B = { clientId: 'dingorgb', clientSecret: 'org-b-secret' };
const DING_BAD = { clientId: 'dingorgb', clientSecret: 'not-the-secret' };
const LARK_A = { appId: 'cli_aaaaaaaaaaaaaaa1', appSecret: 'tenant-a-secret' };
const LARK_B = { appId: 'cli_bbbbbbbbbbbbbbb2', appSecret: 'tenant-b-secret' };
const LARK_B_EVENTS: SandboxLarkApp = { ...LARK_B, events: 'http', encryptKey: 'tenant-b-encrypt-key' };
const MEI = { openId: 'ou_mei_in_a', name: 'Han Meimei' };
// The same person has another open_id in the other app: Lark ids are per app.
const LEI = { openId: 'ou_lei_in_b', name: 'Li Lei' };

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
      { apps: [DING_A], groups: [{ conversationId: 'cidA' }] },
      { apps: [DING_B], groups: [{ conversationId: 'cidB' }] },
    ],
    lark: [
      { apps: [{ ...LARK_A, events: 'websocket' }], chats: [{ chatId: 'oc_a', members: [MEI] }] },
      { apps: [LARK_B_EVENTS], chats: [{ chatId: 'oc_b', members: [LEI] }] },
    ],
    config: ({ dingtalks, larks }) => ({
      dingtalk: [
        { name: 'org-a', ...DING_A, cardTemplateId: 'gong-alert', apiBase: dingtalks[0]!.url },
        { name: 'org-b', ...DING_B, cardTemplateId: 'gong-alert', apiBase: dingtalks[1]!.url },
        { name: 'org-b-misconfigured', ...DING_BAD, apiBase: dingtalks[1]!.url },
      ],
      lark: [
        { name: 'tenant-a', ...LARK_A, domain: larks[0]!.url },
        { name: 'tenant-b', ...LARK_B, domain: larks[1]!.url, events: 'http', encryptKey: LARK_B_EVENTS.encryptKey },
      ],
      chats: [
        { name: 'ding-a', type: 'dingtalk', conversationId: 'cidA', app: 'org-a' },
        { name: 'ding-b', type: 'dingtalk', conversationId: 'cidB', app: 'org-b' },
        { name: 'lark-a', type: 'lark', chatId: 'oc_a', app: 'tenant-a' },
        { name: 'lark-b', type: 'lark', chatId: 'oc_b', app: 'tenant-b' },
      ],
    }),
  });
  [dingA, dingB, larkA, larkB, gong] = [running.dingtalks[0]!, running.dingtalks[1]!, running.larks[0]!, running.larks[1]!, running.gong];
  // With several apps each HTTP-mode app has its own request URL, set as an admin would.
  LARK_B_EVENTS.eventUrl = `${gong.url}/lark/events/tenant-b`;
});

afterAll(async () => {
  await running?.close();
});

const fire = (title: string) => postAlert(gong, { title, severity: 'critical' });

const larkCard = (lark: LarkServer, chatId: string, id: number) =>
  lark.chatMessages(chatId).find((m) => m.msgType === 'interactive' && !m.rootId && m.content.includes(`#${id} `));
const larkSubtitle = (lark: LarkServer, messageId: string) =>
  (JSON.parse(lark.message(messageId)!.content) as { header: { subtitle: { content: string } } }).header.subtitle.content;
const dingState = (ding: DingTalkServerHandle, outTrackId: string) => ding.card(outTrackId)?.state;

/** Waits for the alert's card in all four groups, each on its own app's platform. */
async function cardsOf(id: number) {
  const a = await waitFor('Lark card in tenant A', async () => larkCard(larkA, 'oc_a', id));
  const b = await waitFor('Lark card in tenant B', async () => larkCard(larkB, 'oc_b', id));
  await waitFor('DingTalk card in org A', async () => dingA.card(`gong-${id}-ding-a`));
  await waitFor('DingTalk card in org B', async () => dingB.card(`gong-${id}-ding-b`));
  // The platforms show a card a moment before Gong has written down its id: a click in that
  // moment names no alert Gong could act on. Clicks here come after Gong knows every card.
  await waitFor('Gong to record every card', async () => {
    const recorded = await gong.gong.parts.database.db.select({ chat: cardRows.chat }).from(cardRows).where(and(eq(cardRows.alertId, id), ne(cardRows.ref, '')));
    return recorded.length >= 4 ? true : undefined;
  });
  return { larkA: a, larkB: b };
}

describe('one Gong, two DingTalk apps and two Lark apps', () => {
  it('posts each card through the app of its chat', async () => {
    const id = await fire('multi-app-cards');
    const { larkA: a, larkB: b } = await cardsOf(id);
    expect(a.sender).toEqual({ type: 'app', appId: LARK_A.appId });
    expect(b.sender).toEqual({ type: 'app', appId: LARK_B.appId });
    // Each organisation's platform saw only its own group's card.
    expect(dingA.card(`gong-${id}-ding-b`)).toBeUndefined();
    expect(dingB.card(`gong-${id}-ding-a`)).toBeUndefined();
  });

  it("a click in org B's DingTalk group is answered there and updates the cards of every other app", async () => {
    const id = await fire('multi-app-ding-click');
    const cards = await cardsOf(id);
    const answer = await dingB.click({ userId: 'u-zhang', userNick: 'Zhang San', outTrackId: `gong-${id}-ding-b`, params: { action: 'ack' } });
    expect(JSON.stringify(answer)).toContain('acknowledged');
    await waitFor('org A card acknowledged', async () => (dingState(dingA, `gong-${id}-ding-a`) === 'acknowledged' ? true : undefined));
    await waitFor('tenant A card acknowledged', async () => (larkSubtitle(larkA, cards.larkA.messageId).includes('Acknowledged by') ? true : undefined));
    await waitFor('tenant B card acknowledged', async () => (larkSubtitle(larkB, cards.larkB.messageId).includes('Acknowledged by') ? true : undefined));
  });

  it("a click in tenant B's Lark group is answered by tenant B's app, with the clicker's name from that tenant", async () => {
    const id = await fire('multi-app-lark-click');
    const cards = await cardsOf(id);
    const answer = await larkB.click({ appId: LARK_B.appId, openId: LEI.openId, messageId: cards.larkB.messageId, value: { action: 'resolve', alertId: String(id) } });
    expect(answer.toast?.type).toBe('success');
    await waitFor('org A card resolved', async () => (dingState(dingA, `gong-${id}-ding-a`) === 'resolved' ? true : undefined));
    await waitFor('org B card resolved', async () => (dingState(dingB, `gong-${id}-ding-b`) === 'resolved' ? true : undefined));
    await waitFor('tenant A card resolved by Li Lei', async () => (larkSubtitle(larkA, cards.larkA.messageId).includes('Resolved by Li Lei') ? true : undefined));
  });

  it('serves each HTTP-mode app at its own request URL, and the bare one only for a single app', async () => {
    expect(await larkB.verifyEventUrl(LARK_B.appId)).toBe(true);
    expect((await fetch(`${gong.url}/lark/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('answers a command through the app it arrived on', async () => {
    const id = await fire('multi-app-commands');
    await cardsOf(id);
    const repliesA = () => larkA.chatMessages('oc_a').filter((m) => m.rootId && m.sender.type === 'app');
    const before = repliesA().length;
    await larkA.say({ appId: LARK_A.appId, chatId: 'oc_a', openId: MEI.openId, name: MEI.name, text: `ack ${id}` });
    const [reply] = await waitFor('the reply in tenant A', async () => (repliesA().length > before ? repliesA().slice(before) : undefined));
    expect(reply!.sender).toEqual({ type: 'app', appId: LARK_A.appId });
    expect(larkB.chatMessages('oc_b').filter((m) => m.rootId)).toEqual([]);
    await waitFor('org B card acknowledged by Han Meimei', async () => (dingState(dingB, `gong-${id}-ding-b`) === 'acknowledged' ? true : undefined));

    await dingA.say({ conversationId: 'cidA', userId: 'u-wang', nick: 'Wang Fang', text: `resolve ${id}`, atRobot: true });
    const [dingReply] = await waitFor('the reply in org A', async () => (sessionReplies(dingA.groupMessages('cidA')).length > 0 ? sessionReplies(dingA.groupMessages('cidA')) : undefined));
    expect(dingReply!.text).toContain(`#${id}`);
    expect(sessionReplies(dingB.groupMessages('cidB'))).toEqual([]);
    await waitFor('tenant B card resolved by Wang Fang', async () => (larkSubtitle(larkB, larkCard(larkB, 'oc_b', id)!.messageId).includes('Resolved by Wang Fang') ? true : undefined));
  });

  it('reports the app with the wrong secret, and every other app as connected', async () => {
    const ready = (await (await fetch(`${gong.url}/readyz`)).json()) as { status: string; platforms: unknown[] };
    expect(ready.status).toBe('ready');
    expect(ready.platforms).toEqual([
      { platform: 'dingtalk', app: 'org-a', state: 'connected' },
      { platform: 'dingtalk', app: 'org-b', state: 'connected' },
      { platform: 'dingtalk', app: 'org-b-misconfigured', state: 'auth_failed', reason: expect.stringContaining('401') },
      { platform: 'lark', app: 'tenant-a', state: 'connected' },
      { platform: 'lark', app: 'tenant-b', state: 'connected' },
    ]);
    expect(JSON.stringify(ready)).not.toContain(DING_BAD.clientSecret);
    const metrics = await (await fetch(`${gong.url}/metrics`)).text();
    expect(metrics).toContain('gong_platform_app_connected{platform="dingtalk",app="org-b-misconfigured",state="auth_failed"} 0');
    expect(metrics).toContain('gong_platform_app_connected{platform="lark",app="tenant-a",state="connected"} 1');
  });
});
