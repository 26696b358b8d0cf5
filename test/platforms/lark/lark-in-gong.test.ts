import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import type { LarkServer } from '../../../src/sandbox/lark/server.js';
import { type TestGong, waitFor } from '../../helpers/gong.js';
import { type LarkGong, startGongWithLark } from '../../helpers/lark-gong.js';

const APP = { appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 'lark-secret-1' };
const ALICE = { openId: 'ou_alice', name: 'Alice' };
const BOB = { openId: 'ou_bob', name: 'Bob' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };

let lark: LarkServer;
let gong: TestGong;
let running: LarkGong;

beforeAll(async () => {
  running = await startGongWithLark({
    app: APP,
    sources: [SOURCE],
    server: {
      chats: [
        { chatId: 'oc_ops', name: 'ops', members: [ALICE, BOB] },
        { chatId: 'oc_dev', name: 'dev', members: [ALICE, BOB] },
      ],
    },
    config: () => ({
      chats: [
        { name: 'ops', type: 'lark', chatId: 'oc_ops' },
        { name: 'dev', type: 'lark', chatId: 'oc_dev' },
      ],
    }),
  });
  ({ lark, gong } = running);
});

describe('readiness', () => {
  it('reports the Lark app connection', async () => {
    const ready = (await (await fetch(`${gong.url}/readyz`)).json()) as { platforms: unknown[] };
    expect(ready.platforms).toEqual([{ platform: 'lark', app: 'lark', state: 'connected' }]);
    const metrics = await (await fetch(`${gong.url}/metrics`)).text();
    expect(metrics).toContain('gong_platform_app_connected{platform="lark",app="lark",state="connected"} 1');
  });
});

afterAll(async () => {
  await running?.close();
});

async function fire(title: string): Promise<number> {
  return (await gong.hook({ title, severity: 'critical', labels: { host: title } })).opened[0]!;
}

const cardsIn = (chatId: string) => lark.chatMessages(chatId).filter((m) => m.msgType === 'interactive' && !m.rootId);
const cardOf = (chatId: string, alertId: number) =>
  cardsIn(chatId).find((m) => (JSON.parse(m.content) as { header: { title: { content: string } } }).header.title.content.includes(`#${alertId} `));
const subtitle = (content: string) => (JSON.parse(content) as { header: { subtitle: { content: string } } }).header.subtitle.content;

describe('Lark app bot in Gong', () => {
  it('posts one card per chat, acts on a click and updates the other chat', async () => {
    const id = await fire('disk-full');
    const [ops, dev] = await Promise.all(
      ['oc_ops', 'oc_dev'].map((chat) => waitFor(`card in ${chat}`, async () => cardOf(chat, id))),
    );
    expect(subtitle(ops!.content)).toBe('Critical · Triggered');

    const answer = await lark.click({ appId: APP.appId, openId: ALICE.openId, messageId: ops!.messageId, value: { action: 'ack', alertId: String(id) } });
    expect(answer.toast).toMatchObject({ type: 'success', content: expect.stringContaining(`#${id} Acknowledged by Alice`) });
    expect(subtitle(lark.message(ops!.messageId)!.content)).toMatch(/^Critical · Acknowledged by Alice at \d\d:\d\d$/);

    const stored = await gong.api<{ state: string; acknowledgedBy: string; timeline: { type: string; platform: string; actor: string }[] }>(`/api/v1/alerts/${id}`);
    expect(stored.state).toBe('acknowledged');
    expect(stored.timeline.at(-1)).toMatchObject({ type: 'acknowledged', platform: 'lark', actor: 'Alice' });

    await waitFor('the dev card to show the ack', async () => (subtitle(lark.message(dev!.messageId)!.content).includes('Acknowledged by Alice') ? true : undefined));
    // Retries and re-pushes never post a second card.
    expect(cardsIn('oc_ops').filter((m) => m.messageId === ops!.messageId)).toHaveLength(1);
    expect(cardsIn('oc_dev').filter((m) => m.content.includes(`#${id} `))).toHaveLength(1);
  });

  it('takes a click that beats Gong\'s record of the card, from that card\'s group only', async () => {
    const id = await fire('fresh-card');
    const [ops] = await Promise.all(['oc_ops', 'oc_dev'].map((chat) => waitFor(`card in ${chat}`, async () => cardOf(chat, id))));
    // Lark shows a card before Gong has written down its message id: wait for both, so only ops's is being posted below.
    await waitFor('both cards recorded', async () => {
      const rows = await queryRows<{ ref: string }>(gong.gong.parts.database.db, sql`SELECT ref FROM cards WHERE alert_id = ${id}`);
      return rows.length === 2 && rows.every((row) => row.ref !== '') ? true : undefined;
    });
    // The moment between Lark taking the card and Gong writing down its message id.
    await queryRows(gong.gong.parts.database.db, sql`UPDATE cards SET ref = '' WHERE alert_id = ${id} AND chat = 'ops'`);
    // A click in another group naming this alert is not a click on the card being posted.
    const stray = await gong.gong.dispatch({
      kind: 'button',
      platform: 'lark',
      actor: { platform: 'lark', app: 'lark', id: BOB.openId, name: BOB.name },
      target: { cardRef: 'om_not_a_card_of_gong', group: 'oc_dev', alertId: id },
      action: 'ack',
      args: {},
      dedupeKey: 'stray-click',
      receivedAt: Date.now(),
      answerWithinMs: 3_000,
    });
    expect(stray).toMatchObject({ ok: false, message: expect.stringContaining('does not know this card') });
    const answer = await lark.click({ appId: APP.appId, openId: ALICE.openId, messageId: ops!.messageId, value: { action: 'ack', alertId: String(id) } });
    expect(answer.toast).toMatchObject({ type: 'success', content: expect.stringContaining(`#${id} Acknowledged by Alice`) });
    const stored = await gong.api<{ state: string; timeline: { type: string }[] }>(`/api/v1/alerts/${id}`);
    expect(stored.timeline.map((e) => e.type)).toEqual(['opened', 'acknowledged']);
  });

  it('refuses a second ack with the reason in a toast and snoozes with the chosen duration', async () => {
    const id = await fire('cpu-high');
    const card = await waitFor('card', async () => cardOf('oc_dev', id));
    await lark.click({ appId: APP.appId, openId: BOB.openId, messageId: card.messageId, value: { action: 'ack', alertId: String(id) } });
    const second = await lark.click({ appId: APP.appId, openId: ALICE.openId, messageId: card.messageId, value: { action: 'ack', alertId: String(id) } });
    expect(second.toast).toMatchObject({ type: 'warning', content: expect.stringMatching(new RegExp(`^#${id}: already acknowledged by Bob at`)) });
    const snooze = await lark.click({ appId: APP.appId, openId: ALICE.openId, messageId: card.messageId, value: { action: 'snooze', alertId: String(id) }, option: '2h' });
    expect(snooze.toast?.type).toBe('success');
    const stored = await gong.api<{ snoozedUntil: string }>(`/api/v1/alerts/${id}`);
    expect(new Date(stored.snoozedUntil).getTime() - Date.now()).toBeGreaterThan(7_100_000);
  });

  it('answers commands in the thread, mentioning the sender, and helps with unknown ids', async () => {
    const id = await fire('queue-stuck');
    await waitFor('card', async () => cardOf('oc_ops', id));
    const replies = () => lark.chatMessages('oc_ops').filter((m) => m.rootId && m.sender.type === 'app');
    const before = replies().length;
    await lark.say({ appId: APP.appId, chatId: 'oc_ops', openId: BOB.openId, name: BOB.name, text: `resolve ${id} restarted` });
    await lark.say({ appId: APP.appId, chatId: 'oc_ops', openId: BOB.openId, name: BOB.name, text: 'ack 99999' });
    const got = await waitFor('two replies', async () => (replies().length >= before + 2 ? replies().slice(before) : undefined));
    const texts = got.map((m) => JSON.stringify(JSON.parse(m.content)));
    expect(texts.some((t) => t.includes('<at id=ou_bob></at>') && t.includes(`#${id} queue-stuck: resolved`))).toBe(true);
    expect(texts.some((t) => t.includes('There is no incident #99999'))).toBe(true);
    const stored = await gong.api<{ state: string; resolvedBy: string; timeline: { details: { note?: string } }[] }>(`/api/v1/alerts/${id}`);
    expect(stored).toMatchObject({ state: 'resolved', resolvedBy: 'Bob' });
    expect(stored.timeline.at(-1)!.details.note).toBe('restarted');
  });

  it('keeps working after the platform drops the long connection', async () => {
    const id = await fire('redelivered');
    const card = await waitFor('card', async () => cardOf('oc_ops', id));
    const click = { appId: APP.appId, openId: ALICE.openId, messageId: card.messageId, value: { action: 'ack', alertId: String(id) } };
    await lark.click(click);
    lark.dropConnections(APP.appId);
    await waitFor('reconnect', async () => (lark.openConnections(APP.appId) > 0 ? true : undefined));
    const after = await lark.click({ ...click, openId: BOB.openId });
    expect(after.toast?.content).toMatch(/already acknowledged by Alice/);
    const events = await queryRows<{ n: number }>(gong.gong.parts.database.db, sql`SELECT count(*)::int AS n FROM alert_events WHERE alert_id = ${id} AND type = 'acknowledged'`);
    expect(events[0]!.n).toBe(1);
  });
});

describe('Lark card person picker', () => {
  it('assigns to the chosen person by name', async () => {
    const id = await fire('picker');
    const card = await waitFor('card', async () => cardOf('oc_ops', id));
    const answer = await lark.click({ appId: APP.appId, openId: ALICE.openId, messageId: card.messageId, value: { action: 'assign', alertId: String(id) }, option: BOB.openId });
    expect(answer.toast?.type).toBe('success');
    expect((await gong.api<{ assignee: string }>(`/api/v1/alerts/${id}`)).assignee).toBe('Bob');
  });
});

describe('Lark rate limits and faults', () => {
  it('retries a throttled send and still posts exactly one card', async () => {
    lark.injectFault({ count: 2, status: 429, code: 99991400, msg: 'request trigger frequency limit', headers: { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1' }, pathIncludes: '/im/v1/messages' });
    const id = await fire('throttled');
    await waitFor('card after retries', async () => cardOf('oc_ops', id) && cardOf('oc_dev', id), 30_000);
    expect(cardsIn('oc_ops').filter((m) => m.content.includes(`#${id} `))).toHaveLength(1);
    expect(cardsIn('oc_dev').filter((m) => m.content.includes(`#${id} `))).toHaveLength(1);
  });
});
