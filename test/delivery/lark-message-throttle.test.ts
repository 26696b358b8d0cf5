import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { budgetedChannel } from '../../src/delivery/budgeted-channel.js';
import { chatDelivery } from '../../src/delivery/chat-delivery.js';
import { Deferral } from '../../src/db/deferral.js';
import { createRateBudget } from '../../src/delivery/rate-budget.js';
import type { AlertView } from '../../src/platforms/alert-view.js';
import type { AlertChannel } from '../../src/platforms/channel.js';
import { larkAppChannel } from '../../src/platforms/lark/app-channel.js';
import { createLarkClient, type LarkClient } from '../../src/platforms/lark/client.js';
import { LarkApiError } from '../../src/platforms/lark/errors.js';
import { renderLarkCard } from '../../src/platforms/lark/render-card.js';
import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import { testDatabase } from '../helpers/database.js';
import { waitFor } from '../helpers/gong.js';
import { testLogger } from '../helpers/logger.js';

const APP = { appId: 'cli_7a7077fe7a7077fe', appSecret: 'throttle-secret' };
const PATCH = 'PATCH /open-apis/im/v1/messages/:id';

let clock = 1_700_000_000_000;
let lark: LarkServer;
let database: Database;
let other: LarkClient;
let channel: AlertChannel;

beforeAll(async () => {
  // The platform's clock stands still until the test moves it: every call lands in the same second.
  lark = await startLarkServer({ apps: [{ ...APP, events: 'http' }], chats: [{ chatId: 'oc_hot', name: 'hot', members: [] }], now: () => clock });
  database = await testDatabase();
  const client = createLarkClient({ ...APP, domain: lark.url, logger: testLogger });
  // Another tool using the same app: it shares Lark's limits but not Gong's budget.
  other = createLarkClient({ ...APP, domain: lark.url, logger: testLogger });
  const chat = { name: 'hot', type: 'lark' as const, chatId: 'oc_hot', publish: [], dailyStats: [] };
  channel = budgetedChannel(larkAppChannel(chat, client), chatDelivery(chat).destination, createRateBudget(database.db));
});

afterAll(async () => {
  await database?.close();
  await lark?.stop();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (error: unknown) => error,
  );
}

it('holds a message Lark throttled (230020, no reset time) for one window, leaving the app’s other messages free', async () => {
  const hot = await channel.postAlert(view(1), 'throttle-1');
  const calm = await channel.postAlert(view(2), 'throttle-2');
  for (let i = 0; i < 5; i++) await other.patchCard(hot, renderLarkCard(view(1, `other ${i}`)));

  // Lark refuses the sixth update of the message within its second.
  const refused = await rejection(channel.updateAlert(hot, view(1, 'Gong 1')));
  expect(refused).toBeInstanceOf(LarkApiError);
  expect((refused as LarkApiError).code).toBe(230020);
  const patches = lark.callCount(PATCH);

  // The next update of that message waits in Gong instead of asking Lark again…
  const deferred = await rejection(channel.updateAlert(hot, view(1, 'Gong 2')));
  expect(deferred).toBeInstanceOf(Deferral);
  expect((deferred as Deferral).why).toBe('budget');
  expect(lark.callCount(PATCH)).toBe(patches);
  // …while the app's other messages are still updated at once.
  await channel.updateAlert(calm, view(2, 'Gong 3'));
  expect(lark.callCount(PATCH)).toBe(patches + 1);

  // Once the window has passed (on Lark's clock too), the message takes updates again.
  clock += 1_100;
  await waitFor('the hold to end', async () => channel.updateAlert(hot, view(1, 'Gong 4')).then(() => true, (error: unknown) => {
    if (error instanceof Deferral) return undefined;
    throw error;
  }), 20_000, 100);
  expect(lark.callCount(PATCH)).toBe(patches + 2);
});

const view = (id: number, title = `Alert ${id}`): AlertView => ({
  id, title, severity: 'warning', severityEmoji: '🟠', severityText: 'Warning', state: 'triggered', stateText: 'Triggered',
  statusLine: 'Triggered', assignee: null, source: 'prom', count: 1, summary: null, labels: [], startedAt: '2026-01-01 10:00',
  duration: '1m', snoozedUntil: null, escalation: null, links: [], buttons: ['ack', 'resolve', 'assign', 'snooze'], snoozeChoices: ['30m'], locale: 'en', version: 1,
});
