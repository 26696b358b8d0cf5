import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { larkAppWindows } from '../../../src/delivery/limits.js';
import { createInboundBudget } from '../../../src/delivery/reply-budget.js';
import { createRateBudget, type RateBudget } from '../../../src/delivery/rate-budget.js';
import { createLarkClient } from '../../../src/platforms/lark/client.js';
import { createPeopleBook } from '../../../src/platforms/lark/people.js';
import { type LarkServer, startLarkServer } from '../../../src/sandbox/lark/server.js';
import { testDatabase } from '../../helpers/database.js';
import { testLogger } from '../../helpers/logger.js';

const APP = { appId: 'cli_9e0b1e9e0b1e9e0b', appSecret: 'people-budget-secret' };
const CONTACT = 'GET /open-apis/contact/v3/users/:id';

let database: Database;
let lark: LarkServer;
let budget: RateBudget;

beforeAll(async () => {
  database = await testDatabase();
  budget = createRateBudget(database.db);
  lark = await startLarkServer({
    apps: [{ ...APP, events: 'http' }],
    chats: [{ chatId: 'oc_people', members: [{ openId: 'ou_mei', name: 'Mei' }, { openId: 'ou_lei', name: 'Lei' }] }],
  });
});
afterAll(async () => {
  await lark?.stop();
  await database?.close();
});

// Contact lookups count against the app's 50 calls a second like its sends: with the app's
// second used up by sends and updates, a click names its person by open_id instead of pushing
// the app over Lark's limit; with room again, the lookup happens.
it('looks a person up only when the app has budget left, and names them by open_id otherwise', async () => {
  const client = createLarkClient({ ...APP, domain: lark.url, logger: testLogger });
  const windows = larkAppWindows('busy-app');
  const inbound = createInboundBudget(budget, () => undefined);
  const personOf = createPeopleBook(client, 'lark', () => inbound.take({ platform: 'lark', app: 'busy-app' }));
  const held: (() => Promise<void>)[] = [];
  for (;;) {
    const taken = await budget.take(windows);
    if (!taken.ok) break;
    held.push(taken.settle);
  }
  expect(held).toHaveLength(50);

  const before = lark.callCount(CONTACT);
  expect(await personOf({ openId: 'ou_mei' })).toMatchObject({ id: 'ou_mei', name: 'ou_mei' });
  expect(lark.callCount(CONTACT)).toBe(before);

  const roomy = createPeopleBook(client, 'lark', () => inbound.take({ platform: 'lark', app: 'quiet-app' }));
  expect(await roomy({ openId: 'ou_lei' })).toMatchObject({ id: 'ou_lei', name: 'Lei' });
  expect(lark.callCount(CONTACT)).toBe(before + 1);
  for (const settle of held) await settle();
});
