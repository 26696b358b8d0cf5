import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../../src/sandbox/fault-proxy.js';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import { actionRecord, openAlerts } from '../helpers/exactly-once.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

const APP = { clientId: 'dingcardretry', clientSecret: 'card-retry-secret' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const CREATE = 'POST /v1.0/card/instances/createAndDeliver';
const UPDATE = 'PUT /v1.0/card/instances';

let running: SandboxGong;
let dingtalk: DingTalkServerHandle;
let proxy: FaultProxy;
let gong: TestGong;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    dingtalk: { apps: [APP], groups: [{ conversationId: 'cidRetry' }] },
    config: async ({ dingtalk }) => {
      // The first card creation reaches DingTalk but its answer is lost; every later call goes through.
      let draws = 0;
      proxy = await startFaultProxy({ target: dingtalk.url, rate: 0.5, kinds: ['lost'], paths: /createAndDeliver/, random: () => (draws++ < 2 ? 0 : 0.99) });
      return { dingtalk: { ...APP, cardTemplateId: 'gong-alert.schema', apiBase: proxy.url }, chats: [{ name: 'retry', type: 'dingtalk', conversationId: 'cidRetry' }] };
    },
  });
  ({ dingtalk, gong } = running);
});

afterAll(async () => {
  await running?.close();
  await proxy?.stop();
});

it('retries a card whose answer was lost as one call per budget slot: the create again, then a budgeted update', async () => {
  const [id] = await openAlerts(gong, SOURCE, 1, 'retry');
  // Recorded current after an update: with the old code both updates are made by then.
  const current = async () => dingtalk.callCount(UPDATE) > 0 && (await actionRecord(gong, [id!], 'opened', ''))[0]?.staleCards === 0;
  await waitFor('the retried card to be updated and recorded current', async () => ((await current()) ? true : undefined), 30_000);
  expect(proxy.stats.injected).toBe(1);
  // The retry's create found the card the lost attempt made: no second card…
  expect(dingtalk.callCount(CREATE)).toBe(2);
  expect(dingtalk.groupMessages('cidRetry')).toHaveLength(1);
  // …and the one update that makes it current came from the delivery job, under a slot of its
  // own, not from inside the create's call (which would make a second, unbudgeted update).
  expect(dingtalk.callCount(UPDATE)).toBe(1);
  expect(dingtalk.card(`gong-${id}-retry`)).toMatchObject({ title: 'retry-0', state: 'triggered' });
}, 60_000);
