import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import { createServerDatabase, waitFor } from '../helpers/gong.js';

const APP = { appId: 'cli_c0a5c0a5c0a5c0a5', appSecret: 'crash-app-secret' };
const SOURCE_TOKEN = 'crash-source-token';
const ALERTS = 40;

let lark: LarkServer;
let dir: string;
let port: number;
let database: { url: string; drop(): Promise<void> } | undefined;
let child: ChildProcess | undefined;

/** A free port for the child: Gong is started by its CLI, as an admin would, not on port 0. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: free } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return free;
}

function startChild(): ChildProcess {
  const env = { ...process.env, GONG_CONFIG: join(dir, 'gong.yaml'), GONG_DATA_DIR: join(dir, 'data'), DATABASE_URL: database?.url ?? '', LOG_LEVEL: 'warn' };
  return spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'start'], { env, stdio: 'ignore' });
}

async function healthy(): Promise<true | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
  return response?.ok ? true : undefined;
}

beforeAll(async () => {
  lark = await startLarkServer({ apps: [{ ...APP, events: 'websocket' }], wsClientConfig: { ReconnectInterval: 0.2, ReconnectNonce: 0 }, chats: [{ chatId: 'oc_crash', name: 'crash', members: [] }] });
  dir = mkdtempSync(join(tmpdir(), 'gong-crash-'));
  port = await freePort();
  if (process.env.TEST_DATABASE_URL) database = await createServerDatabase(process.env.TEST_DATABASE_URL);
  writeFileSync(
    join(dir, 'gong.yaml'),
    [
      `server: { port: ${port}, host: 127.0.0.1, adminToken: crash-admin-token-0123456789 }`,
      'locale: en',
      `sources: [{ name: custom, type: generic, token: ${SOURCE_TOKEN} }]`,
      `lark: { appId: ${APP.appId}, appSecret: ${APP.appSecret}, domain: "${lark.url}" }`,
      'chats: [{ name: crash, type: lark, chatId: oc_crash, storm: { threshold: 1000 } }]',
    ].join('\n'),
  );
  child = startChild();
  // The embedded database's first start creates its cluster: tens of seconds on a busy machine.
  await waitFor('Gong to start', healthy, 110_000, 250);
}, 120_000);

afterAll(async () => {
  child?.kill('SIGKILL');
  await lark?.stop();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 in the middle of delivery', () => {
  it('loses nothing and duplicates nothing after a restart', { timeout: 180_000 }, async () => {
    const response = await fetch(`http://127.0.0.1:${port}/hooks/custom`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SOURCE_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: ALERTS }, (_, i) => ({ title: `Crash ${i}`, severity: 'warning' }))),
    });
    const { opened } = (await response.json()) as { opened: number[] };
    expect(opened).toHaveLength(ALERTS);
    const cards = () => lark.chatMessages('oc_crash').filter((m) => m.msgType === 'interactive' && !m.rootId);
    // The chat takes 5 cards a second: kill Gong with most of them still to send.
    await waitFor('the first cards', async () => (cards().length >= 5 ? true : undefined), 30_000, 50);
    child!.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    const before = cards().length;
    expect(before).toBeLessThan(ALERTS);

    child = startChild();
    await waitFor('Gong to restart', healthy, 60_000, 250);
    // Jobs the dead process held come back when they expire (30 s, README "Crash recovery") at the next maintenance.
    await waitFor('every card', async () => (cards().length >= ALERTS ? true : undefined), 100_000, 250);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const perAlert = opened.map((id) => cards().filter((m) => m.content.includes(`#${id} `)).length);
    expect(perAlert).toEqual(opened.map(() => 1));
  });
});
