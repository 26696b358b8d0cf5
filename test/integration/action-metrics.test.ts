import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestGong, type TestGong } from '../helpers/gong.js';

const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
let gong: TestGong;

beforeAll(async () => {
  gong = await startTestGong({ sources: [SOURCE] });
});

afterAll(async () => {
  await gong?.close();
});

const counted = async (outcome: string): Promise<number> => {
  const text = await (await fetch(`${gong.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`gong_actions_total{action="ack",platform="api",outcome="${outcome}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

it('counts a redelivered action (same dedupe key) as a duplicate, not as a second accepted action', async () => {
  const id = (await gong.hook({ title: 'counted once', severity: 'warning' })).opened[0]!;
  const ack = { action: 'ack', actor: 'Alice', dedupeKey: 'delivery-1' };
  const first = await gong.api<{ duplicate: boolean }>(`/api/v1/alerts/${id}/actions`, { body: ack });
  const again = await gong.api<{ duplicate: boolean }>(`/api/v1/alerts/${id}/actions`, { body: ack });
  expect([first.duplicate, again.duplicate]).toEqual([false, true]);
  expect(await counted('accepted')).toBe(1);
  expect(await counted('duplicate')).toBe(1);
});
