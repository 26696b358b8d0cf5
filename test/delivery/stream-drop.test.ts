import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DingTalkServerHandle } from '../../src/sandbox/dingtalk/server.js';
import { actionRecord, handledOnce, openAlerts, settledRecord } from '../helpers/exactly-once.js';
import { type TestGong, waitFor } from '../helpers/gong.js';
import { type SandboxGong, startSandboxGong } from '../helpers/sandbox-gong.js';

const APP = { clientId: 'dingstreamdrop', clientSecret: 'stream-drop-secret' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const CARD_TOPIC = '/v1.0/card/instances/callback';
const CLICKS = 6;
/** Clicks Gong handles whose ACK the platform never receives, before the socket is cut. */
const ACKS_LOST = 2;

let running: SandboxGong;
let dingtalk: DingTalkServerHandle;
let gong: TestGong;

beforeAll(async () => {
  running = await startSandboxGong({
    sources: [SOURCE],
    dingtalk: {
      apps: [APP],
      groups: [{ conversationId: 'cidDropA' }, { conversationId: 'cidDropB' }],
      // Quick redeliveries, and enough of them to outlast Gong's reconnect back-off (0.5–1 s).
      redeliverAfterMs: 1_000,
      maxRedeliveries: 30,
      // A loaded CI machine may need long; a late answer is still dropped, as the platform does.
      callbackTimeoutMs: 30_000,
    },
    config: ({ dingtalk }) => ({
      dingtalk: { ...APP, cardTemplateId: 'gong-alert.schema', apiBase: dingtalk.url },
      chats: [
        { name: 'a', type: 'dingtalk', conversationId: 'cidDropA' },
        { name: 'b', type: 'dingtalk', conversationId: 'cidDropB' },
      ],
    }),
  });
  ({ dingtalk, gong } = running);
});

afterAll(async () => {
  await running?.close();
});

it('handles every card click sent around a dropped Stream socket exactly once', async () => {
  const ids = await openAlerts(gong, SOURCE, CLICKS, 'stream-drop');
  await waitFor('every card in both groups', async () =>
    ids.every((id) => dingtalk.card(`gong-${id}-a`) && dingtalk.card(`gong-${id}-b`)) ? true : undefined,
  );
  const click = (i: number) => dingtalk.click({ userId: 'u-li', outTrackId: `gong-${ids[i]}-a`, params: { action: 'snooze', duration: '30m' } });

  // Some clicks Gong has handled but whose ACK got lost: the platform will deliver them again.
  dingtalk.dropNextAcks(ACKS_LOST);
  const handled = Array.from({ length: ACKS_LOST }, (_, i) => click(i));
  const early = ids.slice(0, ACKS_LOST);
  await waitFor('Gong to handle the first clicks', async () => {
    const record = await actionRecord(gong, early, 'snoozed', 'a');
    return record.every((r) => r.events === 1) ? true : undefined;
  }, 20_000, 50);
  // The rest leave just before the platform cuts the socket: in flight, reaching Gong or not.
  const inFlight = Array.from({ length: CLICKS - ACKS_LOST }, (_, i) => click(ACKS_LOST + i));
  dingtalk.dropConnections();

  const answers = (await Promise.all([...handled, ...inFlight])) as Array<{ cardData?: { cardParamMap?: Record<string, string> } }>;
  expect(dingtalk.connectionCount(APP.clientId)).toBeGreaterThan(0);
  for (const answer of answers) expect(answer.cardData?.cardParamMap?.state).toBe('snoozed');
  // The drop really cost deliveries: the platform had to deliver clicks again.
  const redelivered = dingtalk.acks().filter((a) => a.topic === CARD_TOPIC && dingtalk.deliveries(a.messageId) > 1);
  expect(redelivered.length).toBeGreaterThanOrEqual(ACKS_LOST);

  // Every alert snoozed once (no click lost, none handled twice), and every card shows it.
  expect(await settledRecord(gong, ids, 'snoozed', 'a')).toEqual(handledOnce(ids));
  for (const id of ids) {
    expect(dingtalk.card(`gong-${id}-a`)?.state).toBe('snoozed');
    expect(dingtalk.card(`gong-${id}-b`)?.state).toBe('snoozed');
  }
}, 90_000);
