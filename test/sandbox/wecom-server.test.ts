import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeComServer, type WeComServerHandle } from '../../src/sandbox/wecom/server.js';

let clock = 1_700_000_000_000;
let server: WeComServerHandle;
const send = async (key: string, body: unknown) => {
  const res = await fetch(server.webhook(key), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as { errcode: number; errmsg: string };
};
const card = (overrides: Record<string, unknown> = {}) => ({
  msgtype: 'template_card',
  template_card: { card_type: 'text_notice', main_title: { title: 'Disk full' }, card_action: { type: 1, url: 'https://gong.test/a/x' }, ...overrides },
});

beforeAll(async () => {
  server = await startWeComServer({ robots: [{ key: 'k1' }, { key: 'flood' }], now: () => clock });
});
afterAll(() => server?.stop());

describe('the local WeCom group robot', () => {
  it('accepts text with mentions, markdown with <@userid>, and a text_notice card', async () => {
    expect(await send('k1', { msgtype: 'text', text: { content: 'hi', mentioned_list: ['wangfang'], mentioned_mobile_list: ['13800000000'] } })).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await send('k1', { msgtype: 'markdown', markdown: { content: '**x** <@lilei>' } })).errcode).toBe(0);
    expect((await send('k1', card({ jump_list: [{ type: 1, url: 'https://gong.test/a/1', title: 'Ack' }] }))).errcode).toBe(0);
    expect(server.messages('k1').map((m) => [m.msgtype, m.mentioned])).toEqual([
      ['text', ['wangfang', '13800000000']],
      ['markdown', ['lilei']],
      ['template_card', []],
    ]);
  });

  it('refuses an unknown key with 93000, a bad msgtype with 40008 and over-size content', async () => {
    expect((await send('nope', { msgtype: 'text', text: { content: 'hi' } })).errcode).toBe(93000);
    expect((await send('k1', { msgtype: 'actionCard', actionCard: {} })).errcode).toBe(40008);
    expect((await send('k1', { msgtype: 'text', text: { content: '告'.repeat(683) } })).errcode).toBe(40058);
    expect((await send('k1', { msgtype: 'text', text: { content: '告'.repeat(682) } })).errcode).toBe(0);
    expect((await send('k1', { msgtype: 'markdown', markdown: { content: 'x'.repeat(4097) } })).errcode).toBe(40058);
  });

  it('checks a text_notice card: card_action, at most 3 jumps and 6 rows, a title', async () => {
    const jump = { type: 1, url: 'https://gong.test/a/1', title: 'Ack' };
    expect((await send('k1', card({ card_action: undefined }))).errcode).toBe(40058);
    expect((await send('k1', card({ jump_list: [jump, jump, jump, jump] }))).errcode).toBe(40058);
    expect((await send('k1', card({ horizontal_content_list: Array(7).fill({ keyname: 'a', value: 'b' }) }))).errcode).toBe(40058);
    expect((await send('k1', card({ main_title: {} }))).errcode).toBe(40058);
    expect((await send('k1', card({ card_type: 'news_notice' }))).errcode).toBe(40058);
  });

  it('takes 20 messages a minute per key, then answers 45009 until the minute has passed', async () => {
    for (let i = 0; i < 20; i++) expect((await send('flood', { msgtype: 'text', text: { content: `m${i}` } })).errcode).toBe(0);
    expect(await send('flood', { msgtype: 'text', text: { content: 'one too many' } })).toEqual({ errcode: 45009, errmsg: 'api freq out of limit' });
    // Other robots keep their own budget.
    expect((await send('k1', { msgtype: 'text', text: { content: 'fine' } })).errcode).toBe(0);
    clock += 60_001;
    expect((await send('flood', { msgtype: 'text', text: { content: 'next minute' } })).errcode).toBe(0);
    expect(server.messages('flood')).toHaveLength(21);
  });
});
