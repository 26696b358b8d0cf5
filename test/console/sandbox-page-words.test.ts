import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatTime } from '../../src/cards/alert-view.js';
import { consoleCookie, startTestGong, type TestGong, waitFor } from '../helpers/gong.js';

// A Chinese console on a zone far from the server's own (UTC+14): the sandbox page speaks Chinese
// and its message stamps are on that zone's clock, not the server's.
const ZONE = 'Pacific/Kiritimati';
let gong: TestGong;

beforeAll(async () => {
  gong = await startTestGong({ sources: [{ name: 'demo', type: 'generic', token: 'sandbox-words-token' }], config: { locale: 'zh-CN', timezone: ZONE }, sandbox: true });
});
afterAll(async () => {
  await gong?.close();
});

it('speaks the console language, names the zone, and stamps messages on its clock', async () => {
  const cookie = await consoleCookie(gong);
  const page = await (await fetch(`${gong.url}/sandbox`, { headers: { cookie } })).text();
  expect(page).toContain('触发一条示例告警');
  expect(page).toContain('运维值班群（飞书）');
  expect(page).toContain(ZONE);
  expect(page).not.toContain('Fire a sample alert');
  const csrf = /name="csrf-token" content="([^"]+)"/.exec(page)![1]!;

  const before = Date.now();
  const fired = await fetch(`${gong.url}/sandbox/fire`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: '{}' });
  const answer = (await fired.json()) as { message: string; opened: number[] };
  expect(answer.message).toBe(`告警 #${answer.opened[0]} 已触发`);

  const feed = await waitFor('the card in the Lark group', async () => {
    const got = (await (await fetch(`${gong.url}/sandbox/feed`, { headers: { cookie } })).json()) as { lark: string };
    return got.lark.includes('<time>') ? got.lark : undefined;
  });
  const after = Date.now();
  const stamps = [...feed.matchAll(/<time>(\d\d:\d\d)<\/time>/g)].map((m) => m[1]);
  const clock = (at: number) => formatTime(new Date(at), ZONE).slice(11);
  expect(stamps.length).toBeGreaterThan(0);
  for (const stamp of stamps) expect([clock(before), clock(after)]).toContain(stamp);
});
