import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { QUEUE_OPTIONS, QUEUES } from '../../src/db/queues.js';
import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import { createServerDatabase, waitFor } from '../helpers/gong.js';
import { freePort } from '../helpers/alertmanager.js';

/**
 * kill -9 while an escalation step is claimed: the step comes back within its queue's expiry
 * (seconds), not pg-boss's 15-minute default, and pages once. Gong runs as `gong start` does, in
 * child processes; the process that dies holding the step is Gong's own job queue in a stand-in
 * (test/helpers/claim-and-hang.ts), because the real handler finishes in milliseconds.
 */
const APP = { appId: 'cli_e5ca1a7e0c4a5b1e', appSecret: 'escalation-crash-secret' };
const SOURCE_TOKEN = 'escalation-crash-token';
/** Far below pg-boss's default expiry (15 minutes) and the old 15-second maintenance interval's worst case with it. */
const PAGE_BUDGET_MS = 150_000;

let lark: LarkServer;
let dir: string;
let port: number;
let database: { url: string; drop(): Promise<void> } | undefined;
const children = new Set<ChildProcess>();

const env = () => ({ ...process.env, GONG_CONFIG: join(dir, 'gong.yaml'), GONG_DATA_DIR: join(dir, 'data'), DATABASE_URL: database?.url ?? '', LOG_LEVEL: 'warn' });

function spawnChild(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: env(), stdio: ['ignore', 'pipe', 'ignore'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

async function healthy(): Promise<true | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
  return response?.ok ? true : undefined;
}

const title = (content: string) => (JSON.parse(content) as { header?: { title?: { content?: string } } }).header?.title?.content;
const pages = (alertId: number) => lark.chatMessages('oc_crash').filter((m) => title(m.content) === 'Escalated to step 1' && m.content.includes(`#${alertId} `));

beforeAll(async () => {
  lark = await startLarkServer({ apps: [{ ...APP, events: 'websocket' }], wsClientConfig: { ReconnectInterval: 0.2, ReconnectNonce: 0 }, chats: [{ chatId: 'oc_crash', name: 'crash', members: [] }] });
  dir = mkdtempSync(join(tmpdir(), 'gong-escalation-crash-'));
  port = await freePort();
  if (process.env.TEST_DATABASE_URL) database = await createServerDatabase(process.env.TEST_DATABASE_URL);
  writeFileSync(
    join(dir, 'gong.yaml'),
    [
      `server: { port: ${port}, host: 127.0.0.1, adminToken: escalation-crash-admin-0123456789 }`,
      'locale: en',
      `sources: [{ name: custom, type: generic, token: ${SOURCE_TOKEN} }]`,
      `lark: { appId: ${APP.appId}, appSecret: ${APP.appSecret}, domain: "${lark.url}" }`,
      'chats: [{ name: crash, type: lark, chatId: oc_crash }]',
      'users: [{ name: alice, lark: ou_alice }]',
      // Due after the first Gong is gone and while the stand-in runs.
      "escalations: [{ name: page, steps: [{ after: '20s', mention: [alice] }] }]",
      'routes: [{ chats: [crash], escalation: page }]',
    ].join('\n'),
  );
}, 60_000);

afterAll(async () => {
  for (const child of [...children]) await kill9(child);
  await lark?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 while an escalation step is claimed', () => {
  it('pages within the queue expiry after a restart, once', { timeout: 600_000 }, async () => {
    const first = spawnChild(['src/cli.ts', 'start']);
    await waitFor('Gong to start', healthy, 150_000, 250);
    const response = await fetch(`http://127.0.0.1:${port}/hooks/custom`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SOURCE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Primary down', severity: 'critical' }),
    });
    const id = ((await response.json()) as { opened: number[] }).opened[0]!;
    await kill9(first);

    // The stand-in claims the step when it falls due, and dies holding it.
    const claimer = spawnChild(['test/helpers/claim-and-hang.ts', QUEUES.escalationStep]);
    let output = '';
    claimer.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const claimed = await waitFor('the step to be claimed', async () => output.split('\n').find((line) => line.includes('"alertId"')), 150_000, 250);
    expect(JSON.parse(claimed)).toEqual({ alertId: id, generation: 1, index: 0 });
    await kill9(claimer);
    expect(pages(id)).toHaveLength(0);

    spawnChild(['src/cli.ts', 'start']);
    await waitFor('Gong to restart', healthy, 150_000, 250);
    // A functional bound, not a timing one: with pg-boss's default expiry the page would come after 15 minutes.
    await waitFor('the page', async () => (pages(id).length > 0 ? true : undefined), PAGE_BUDGET_MS, 250);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(pages(id)).toHaveLength(1);
    const shown = (await (await fetch(`http://127.0.0.1:${port}/api/v1/alerts/${id}`, { headers: { authorization: 'Bearer escalation-crash-admin-0123456789' } })).json()) as {
      timeline: { type: string; details: { step?: number } }[];
    };
    expect(shown.timeline.filter((event) => event.type === 'escalated').map((event) => event.details.step)).toEqual([1]);

    // The step's job expired once (the stand-in's claim) and ran again, with the queue's expiry.
    for (const child of [...children]) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    const db = await openDatabase({ url: database?.url, dataDir: join(dir, 'data') });
    try {
      const jobs = await queryRows<{ state: string; retries: number; expiry: number }>(
        db.db,
        sql`SELECT state, retry_count AS retries, EXTRACT(epoch FROM expire_in)::int AS expiry FROM pgboss.job WHERE name = ${QUEUES.escalationStep} AND (data->>'alertId')::int = ${id}`,
      );
      expect(jobs).toEqual([{ state: 'completed', retries: 1, expiry: QUEUE_OPTIONS[QUEUES.escalationStep].expireInSeconds }]);
    } finally {
      await db.close();
    }
  });
});

describe('the README\'s crash recovery table', () => {
  it('states each queue\'s configured expiry and retries', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const [queue, options] of Object.entries(QUEUE_OPTIONS)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${queue}\` |`));
      expect(row, queue).toBeDefined();
      const [, expiry, retries] = row!.split('|').map((cell) => cell.trim()).slice(1);
      expect({ queue, expiry, retries }).toEqual({ queue, expiry: `${options.expireInSeconds} s`, retries: `${options.retryLimit} (${options.retryDelay} s)` });
    }
  });
});
