import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWeComServer, type WeComServerHandle } from '../../src/sandbox/wecom/server.js';
import { startTestGong, type TestGong, waitFor } from '../helpers/gong.js';
import { postAlert, SOURCE } from '../platforms/dingtalk/gong-fixture.js';

let wecom: WeComServerHandle;
let gong: TestGong;

beforeAll(async () => {
  wecom = await startWeComServer({ robots: [{ key: 'minute-robot' }] });
  // Storm folding would count some of these in a summary; this test is about pacing single cards.
  gong = await startTestGong({
    sources: [SOURCE],
    config: { locale: 'en', chats: [{ name: 'busy', type: 'wecom-webhook', webhook: wecom.webhook('minute-robot'), storm: { threshold: 1000 } }] },
  });
});
afterAll(async () => {
  await gong?.close();
  await wecom?.stop();
});

// Real time on purpose: the whole path (jobs, pacing, HTTP, the robot's own window) as it runs.
it('25 alerts in a minute reach the robot as at most 20 messages a minute, with none lost and no throttle', async () => {
  const ids: number[] = [];
  for (let i = 0; i < 25; i++) ids.push(await postAlert(gong, { title: `Flood ${i}`, severity: 'warning', labels: { n: String(i) } }));
  const sent = await waitFor('every card', async () => (wecom.messages('minute-robot').length >= 25 ? wecom.messages('minute-robot') : undefined), 160_000, 500);
  expect(wecom.refusals()).toEqual([]);
  const titles = sent.map((m) => (m.body.template_card as { main_title: { title: string } }).main_title.title);
  expect(titles.map((title) => Number(/#(\d+)/.exec(title)![1])).sort((a, b) => a - b)).toEqual(ids);
  for (const first of sent) expect(sent.filter((m) => m.at >= first.at && m.at < first.at + 60_000).length).toBeLessThanOrEqual(20);
}, 180_000);
