import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/rows.js';
import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import { type SharedDatabase, sharedTestDatabase, startTestGong, type TestGong, waitFor } from '../helpers/gong.js';

/**
 * Timers survive restarts and fire once across a fleet. PGlite lives in one process, so there the
 * second "process" is a second worker racing on the same step jobs; with TEST_DATABASE_URL it is a
 * second Gong on the same Postgres. The assertions are the same either way. Each start opens
 * PGlite from disk and migrates, which takes a while on a busy machine: hence the longer timeouts.
 */
const APP = { appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 'lark-secret-1' };
const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const twoProcesses = Boolean(process.env.TEST_DATABASE_URL);

let lark: LarkServer;
let shared: SharedDatabase;
const running: TestGong[] = [];

const config = () => ({
  locale: 'en',
  lark: { ...APP, domain: lark.url },
  chats: [{ name: 'ops', type: 'lark', chatId: 'oc_ops' }],
  users: [{ name: 'alice', lark: 'ou_alice' }],
  escalations: [
    { name: 'later', steps: [{ after: '4s', mention: ['alice'] }] },
    { name: 'two', steps: [{ after: '0m', mention: ['alice'] }, { after: '3s', mention: ['alice'] }] },
  ],
  routes: [{ match: 'policy="later"', chats: ['ops'], escalation: 'later' }, { chats: ['ops'], escalation: 'two' }],
});

async function start(): Promise<TestGong> {
  const gong = await startTestGong({ sources: [SOURCE], config: config(), shared });
  running.push(gong);
  return gong;
}

async function stop(gong: TestGong): Promise<void> {
  running.splice(running.indexOf(gong), 1);
  await gong.close();
}

beforeAll(async () => {
  lark = await startLarkServer({ apps: [{ ...APP, events: 'websocket' }], wsClientConfig: { ReconnectInterval: 0.2, ReconnectNonce: 0 }, chats: [{ chatId: 'oc_ops', name: 'ops', members: [] }] });
  shared = await sharedTestDatabase();
});

afterAll(async () => {
  for (const gong of [...running]) await stop(gong);
  await shared?.drop();
  await lark?.stop();
});

async function fire(gong: TestGong, title: string, labels: Record<string, string> = {}): Promise<number> {
  return (await gong.hook({ title, severity: 'critical', labels: { host: title, ...labels } })).opened[0]!;
}

const title = (content: string) => (JSON.parse(content) as { header: { title: { content: string } } }).header.title.content;
const notices = (alertId: number, step: number) =>
  lark.chatMessages('oc_ops').filter((m) => title(m.content) === `Escalated to step ${step}` && m.content.includes(`#${alertId} `));
const escalatedSteps = async (gong: TestGong, alertId: number) =>
  (await queryRows<{ step: number }>(gong.gong.parts.database.db, sql`SELECT (details->>'step')::int AS step FROM alert_events WHERE alert_id = ${alertId} AND type = 'escalated' ORDER BY id`)).map((r) => r.step);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('escalation timers', () => {
  it('fire once after a restart while a step is pending', async () => {
    const first = await start();
    const id = await fire(first, 'restart', { policy: 'later' });
    await waitFor('the card', async () => lark.chatMessages('oc_ops').find((m) => !m.rootId && m.content.includes(`#${id} `)));
    await stop(first);
    expect(notices(id, 1)).toHaveLength(0);

    const second = await start();
    await waitFor('the pending step after the restart', async () => (notices(id, 1).length > 0 ? true : undefined), 15_000);
    await sleep(2_000);
    expect(notices(id, 1)).toHaveLength(1);
    expect(await escalatedSteps(second, id)).toEqual([1]);
  }, 90_000);

  it(`fire each step once with ${twoProcesses ? 'two Gong processes on one Postgres' : 'a second worker racing on every step job'}`, async () => {
    const gongs = twoProcesses ? [running[0]!, await start()] : [running[0]!];
    const ids = await Promise.all([0, 1, 2, 3].map((i) => fire(gongs[i % gongs.length]!, `fleet-${i}`)));
    const alerts = gongs[0]!.gong.parts.alerts;
    // The racing worker: every step job delivered twice more, at the same moment.
    for (const index of [0, 1]) {
      await Promise.all(ids.flatMap((alertId) => [1, 2].map(() => alerts.stepDue({ alertId, generation: 1, index }))));
      await waitFor(`step ${index + 1} of every alert`, async () => (ids.every((id) => notices(id, index + 1).length > 0) ? true : undefined), 15_000);
    }
    await sleep(2_000);
    for (const id of ids) {
      expect(notices(id, 1)).toHaveLength(1);
      expect(notices(id, 2)).toHaveLength(1);
      expect(await escalatedSteps(gongs[0]!, id)).toEqual([1, 2]);
    }
  }, 60_000);
});
