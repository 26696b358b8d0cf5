import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import { QUEUES } from '../../src/db/queues.js';
import type { LarkServer } from '../../src/sandbox/lark/server.js';
import type { WeComServerHandle } from '../../src/sandbox/wecom/server.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';
import { postAlert, sessionReplies, SOURCE } from '../platforms/dingtalk/gong-fixture.js';

/** Chats saved from the API or console honour their own publish and daily statistics settings. */
describe('a chat saved at run time', () => {
  let running: SandboxGong;
  let wecom: WeComServerHandle;
  let gong: TestGong;
  const texts = (key: string) => wecom.messages(key).map((message) => JSON.stringify(message.body));

  beforeAll(async () => {
    running = await startSandboxGong({ sources: [SOURCE], wecom: { robots: [{ key: 'hears-comments' }, { key: 'default-publish' }] }, config: () => ({ timezone: 'Asia/Shanghai' }) });
    ({ wecom, gong } = running);
    await gong.api('/api/v1/chats', {
      body: { name: 'comments', type: 'wecom-webhook', webhook: wecom.webhook('hears-comments'), format: 'markdown', publish: ['comments'], dailyStats: '07:45' },
    });
    await gong.api('/api/v1/chats', { body: { name: 'quiet', type: 'wecom-webhook', webhook: wecom.webhook('default-publish'), format: 'markdown' } });
  });

  afterAll(async () => {
    await running?.close();
  });

  it('gets the notices its publish setting asks for, and a chat that did not ask gets none', async () => {
    const id = await postAlert(gong, { title: 'Queue backlog', severity: 'warning' });
    await waitFor('both cards', async () => (texts('hears-comments').length > 0 && texts('default-publish').length > 0 ? true : undefined));
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'comment', actor: 'Mei', args: { text: 'draining the backlog now' } } });
    await waitFor('the comment notice', async () => (texts('hears-comments').some((text) => text.includes('draining the backlog now')) ? true : undefined));
    // The quiet chat's card may be followed up, but no comment notice arrives there.
    await postAlert(gong, { title: 'Later alert', severity: 'info' });
    await waitFor('the later card', async () => (texts('default-publish').some((text) => text.includes('Later alert')) ? true : undefined));
    expect(texts('default-publish').filter((text) => text.includes('draining the backlog now'))).toEqual([]);
  });

  it('names its platform on the timeline when someone acts through its links', async () => {
    const id = await postAlert(gong, { title: 'Link clicked', severity: 'warning' });
    const posted = await waitFor('the card', async () => texts('hears-comments').find((text) => text.includes('Link clicked')));
    const ack = /\[Acknowledge\]\((https?:[^)]+)\)/.exec(JSON.parse(posted).markdown.content)![1]!;
    const local = `${gong.url}${new URL(ack).pathname}`;
    const done = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'actor=Mei' });
    expect(done.status).toBe(200);
    const alert = await gong.api<{ timeline: { type: string; actor: string; platform: string }[] }>(`/api/v1/alerts/${id}`);
    expect(alert.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: 'Mei', platform: 'wecom' });
  });

  it('has its daily statistics queued at its time', async () => {
    const jobs = await queryRows<{ data: { chat: string; clock: string } }>(
      gong.gong.parts.database.db,
      sql`SELECT data FROM pgboss.job WHERE name = 'daily-stats' AND data->>'chat' = 'comments'`,
    );
    expect(jobs.map((job) => job.data)).toEqual([{ chat: 'comments', clock: '07:45' }]);
  });
});

/**
 * A chat's own language and look hold for everything Gong sends it, whether the chat comes from
 * the config file or from the API: here Gong speaks Chinese and the chats English.
 */
describe('a chat saved at run time with its own locale', () => {
  const LARK_APP = { appId: 'cli_a1b2c3d4e5f60718', appSecret: 'look-lark-secret' };
  const DINGTALK_APP = { clientId: 'dinglookapp', clientSecret: 'look-dingtalk-secret' };
  const ALICE = { openId: 'ou_alice', name: 'Alice' };
  let dingtalk: DingTalkServerHandle;
  let running: SandboxGong;
  let lark: LarkServer;
  let gong: TestGong;

  /** English through and through: the expected words, and not one Chinese character. */
  const expectEnglish = (text: string, words: string) => {
    expect(text).toContain(words);
    expect(text).not.toMatch(/\p{Script=Han}/u);
  };
  const larkCard = (chatId: string, id: number) =>
    waitFor(`the card of #${id} in ${chatId}`, async () => lark.chatMessages(chatId).find((m) => m.msgType === 'interactive' && !m.rootId && m.content.includes(`#${id} `)));
  const robotTexts = (conversationId: string) => dingtalk.groupMessages(conversationId).flatMap((m) => (m.kind === 'robot' ? [JSON.stringify(m.msgParam)] : []));
  /** "Send a test message"; again when the chat's message budget asks to wait (429). */
  const sendTest = (chat: string) => waitFor(`a test message to ${chat}`, () => gong.api<{ messageId: string }>(`/api/v1/chats/${chat}/test`, { body: {} }));
  const postStats = (chat: string) =>
    gong.gong.parts.jobs.enqueue(gong.gong.parts.database.db, [{ name: QUEUES.dailyStats, data: { chat, clock: '07:45' } }]);

  beforeAll(async () => {
    running = await startSandboxGong({
      sources: [SOURCE],
      dingtalk: { apps: [DINGTALK_APP], groups: [{ conversationId: 'cidEn' }, { conversationId: 'cidStorm' }] },
      lark: { apps: [{ ...LARK_APP, events: 'websocket' }], chats: ['oc_en', 'oc_storm', 'oc_file'].map((chatId) => ({ chatId, members: [ALICE] })) },
      config: ({ dingtalk, lark }) => ({
        locale: 'zh-CN',
        dingtalk: { ...DINGTALK_APP, cardTemplateId: 'gong-alert.schema', apiBase: dingtalk.url },
        lark: { ...LARK_APP, domain: lark.url },
        chats: [{ name: 'file-en', type: 'lark', chatId: 'oc_file', locale: 'en' }],
      }),
    });
    ({ dingtalk, lark, gong } = running);
    // Storm chats fold every alert after their first each minute into a summary.
    for (const body of [
      { name: 'lark-en', type: 'lark', chatId: 'oc_en', locale: 'en', dailyStats: '07:45' },
      { name: 'lark-storm', type: 'lark', chatId: 'oc_storm', locale: 'en', storm: { threshold: 1 } },
      { name: 'dt-en', type: 'dingtalk', conversationId: 'cidEn', locale: 'en', dailyStats: '07:45' },
      { name: 'dt-storm', type: 'dingtalk', conversationId: 'cidStorm', locale: 'en', storm: { threshold: 1 } },
    ]) {
      await gong.api('/api/v1/chats', { body });
    }
  });

  afterAll(async () => {
    await running?.close();
  });

  it('on Lark: its card, card update, notice, click answer, command reply, test message and statistics are English', async () => {
    const id = await postAlert(gong, { title: 'Disk full', severity: 'critical' });
    const card = await larkCard('oc_en', id);
    expectEnglish(card.content, 'Triggered');

    // An assignment redraws the card and is published into the chat's thread.
    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'assign', actor: 'Mei', args: { user: 'Bob' } } });
    const notice = await waitFor('the assignment notice', async () => lark.chatMessages('oc_en').find((m) => m.rootId === card.messageId && m.content.includes('Bob')));
    expectEnglish(notice.content, 'Assigned to **Bob** by Mei');
    const updated = await waitFor('the card update', async () => (lark.message(card.messageId)!.content.includes('Bob') ? lark.message(card.messageId)!.content : undefined));
    expectEnglish(updated, 'Triggered');

    const click = await lark.click({ appId: LARK_APP.appId, openId: ALICE.openId, messageId: card.messageId, value: { action: 'ack', alertId: String(id) } });
    expectEnglish(String(click.toast?.content), 'Acknowledged by Alice');
    expectEnglish(JSON.stringify(click.card), 'Acknowledged by Alice');

    await lark.say({ appId: LARK_APP.appId, chatId: 'oc_en', openId: ALICE.openId, name: ALICE.name, text: 'list' });
    const asked = lark.chatMessages('oc_en').filter((m) => m.sender.type === 'user').at(-1)!;
    const reply = await waitFor('the reply to list', async () => lark.chatMessages('oc_en').find((m) => m.rootId === asked.messageId || m.parentId === asked.messageId));
    expectEnglish(reply.content, 'Open incidents');

    const test = await sendTest('lark-en');
    expectEnglish(lark.message(test.messageId)!.content, 'Gong test message');
    const before = lark.chatMessages('oc_en').length;
    await postStats('lark-en');
    expectEnglish(await waitFor('the statistics', async () => lark.chatMessages('oc_en')[before]?.content), 'Daily statistics');
  });

  it('on DingTalk: its card, card update, notice, click answer, command reply, test message and statistics are English', async () => {
    const id = await postAlert(gong, { title: 'Queue stuck', severity: 'critical' });
    const card = () => dingtalk.card(`gong-${id}-dt-en`);
    expectEnglish(JSON.stringify(await waitFor('the card', async () => card())), 'Triggered');

    await gong.api(`/api/v1/alerts/${id}/actions`, { body: { action: 'assign', actor: 'Mei', args: { user: 'Bob' } } });
    const notice = await waitFor('the assignment notice', async () => robotTexts('cidEn').find((text) => text.includes('Bob')));
    expectEnglish(notice, 'Assigned to **Bob** by Mei');
    expectEnglish(JSON.stringify(await waitFor('the card update', async () => (card()?.assignee === 'Bob' ? card() : undefined))), 'Triggered');

    const click = (await dingtalk.click({ userId: 'u-li', outTrackId: `gong-${id}-dt-en`, params: { action: 'ack' } })) as { cardData: { cardParamMap: Record<string, string> } };
    expectEnglish(click.cardData.cardParamMap.stateText!, 'Acknowledged by u-li');
    expectEnglish(JSON.stringify(dingtalk.cardPrivateData(`gong-${id}-dt-en`, 'u-li')), 'Acknowledged by u-li');

    const replies = () => sessionReplies(dingtalk.groupMessages('cidEn'));
    await dingtalk.say({ conversationId: 'cidEn', userId: 'u-li', nick: 'Li Lei', text: 'list', atRobot: true });
    expectEnglish((await waitFor('the reply to list', async () => replies()[0])).text, 'Open incidents');

    // The assignment's notice may still be on its way: each message is found by its own words
    // (the Chinese ones would never match, so the wait would fail).
    const posted = (words: string) => waitFor(words, async () => robotTexts('cidEn').find((text) => text.includes(words)));
    await sendTest('dt-en');
    expectEnglish(await posted('Gong test message'), 'Gong test message');
    await postStats('dt-en');
    expectEnglish(await posted('Daily statistics'), 'Daily statistics');
  });

  it('folds a storm into an English summary, on Lark and on DingTalk', async () => {
    await gong.hook([1, 2, 3].map((n) => ({ title: `Storm ${n}`, severity: 'warning' })), SOURCE);
    // The summary links to its alerts in the console.
    const summary = (texts: () => string[]) => waitFor('the storm summary', async () => texts().find((text) => text.includes('summary=')));
    expectEnglish(await summary(() => lark.chatMessages('oc_storm').map((m) => m.content)), 'Alert storm');
    expectEnglish(await summary(() => robotTexts('cidStorm')), 'Alert storm');
  });

  it('is previewed in the console in its own language, as is a config-file chat', async () => {
    const signIn = await fetch(`${gong.url}/console/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: gong.adminToken, next: '/console' }).toString(),
    });
    // The console itself speaks English for this reader, so any Chinese could only come from the chat's preview.
    const cookie = `${signIn.headers.getSetCookie().find((c) => c.startsWith('gong_session='))!.split(';')[0]!}; gong_console_locale=en`;
    for (const chat of ['lark-en', 'dt-en', 'file-en']) {
      const page = await fetch(`${gong.url}/console/chats/${chat}/preview`, { headers: { cookie } });
      expect(page.status).toBe(200);
      // The language switch names the other language in its own script: it is the one Chinese word allowed.
      expectEnglish((await page.text()).replace(/>中文</, '><'), 'Triggered');
    }
  });

  it('keeps a config-file chat of its own locale English too', async () => {
    const id = await postAlert(gong, { title: 'Config chat', severity: 'info' });
    expectEnglish((await larkCard('oc_file', id)).content, 'Triggered');
    await lark.say({ appId: LARK_APP.appId, chatId: 'oc_file', openId: ALICE.openId, name: ALICE.name, text: 'list' });
    const asked = lark.chatMessages('oc_file').filter((m) => m.sender.type === 'user').at(-1)!;
    const reply = await waitFor('the reply to list', async () => lark.chatMessages('oc_file').find((m) => m.rootId === asked.messageId || m.parentId === asked.messageId));
    expectEnglish(reply.content, 'Open incidents');
    const test = await sendTest('file-en');
    expectEnglish(lark.message(test.messageId)!.content, 'Gong test message');
  });
});
