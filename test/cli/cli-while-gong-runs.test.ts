import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/gong.js';
import { freePort } from '../helpers/alertmanager.js';

/**
 * `npm start` on the embedded database, and the CLI on the same data directory at the same time.
 * The lock guards PGlite only (PostgreSQL serves many processes by design), so this file runs on
 * PGlite whatever TEST_DATABASE_URL says.
 */
const SOURCE_TOKEN = 'cli-running-source-token';
const dir = mkdtempSync(join(tmpdir(), 'gong-cli-running-'));
const dataDir = join(dir, 'data');
const lockFile = join(dataDir, 'gong.lock');
const env = { ...process.env, GONG_CONFIG: join(dir, 'gong.yaml'), GONG_DATA_DIR: dataDir, DATABASE_URL: '', GONG_URL: '', LOG_LEVEL: 'warn' };
let port: number;
let server: ChildProcess | undefined;

/** Runs the real `gong` binary; resolves with its output and exit code instead of throwing. */
function gong(...args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/gong.js', ...args], { env, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

function startServer(): ChildProcess {
  return spawn(process.execPath, ['bin/gong.js', 'start'], { env, stdio: 'ignore' });
}

async function healthy(): Promise<true | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined);
  return response?.ok ? true : undefined;
}

/** The REST API with the admin token `gong start` generated into the data directory. */
async function api<T>(path: string): Promise<T> {
  const { adminToken } = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { adminToken: string };
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
  return (await response.json()) as T;
}

async function openAlert(title: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/hooks/custom`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SOURCE_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title, severity: 'warning' }),
  });
  return ((await response.json()) as { opened: number[] }).opened[0]!;
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

beforeAll(async () => {
  port = await freePort();
  // No admin token and no platform: what `npm start` does for a new user (sandbox, generated token).
  writeFileSync(join(dir, 'gong.yaml'), `server: { port: ${port}, host: 127.0.0.1 }\nsources: [{ name: custom, type: generic, token: ${SOURCE_TOKEN} }]\n`);
  server = startServer();
  // The embedded database's first start creates its cluster: tens of seconds on a busy machine.
  await waitFor('Gong to start', healthy, 110_000, 250);
}, 120_000);

afterAll(async () => {
  server?.kill('SIGKILL');
  if (server) await exited(server);
  rmSync(dir, { recursive: true, force: true });
});

describe('the CLI while Gong runs on the embedded database', () => {
  it('acts through the running Gong, and what it did is what the server shows', { timeout: 400_000 }, async () => {
    const id = await openAlert('Disk full on db-1');
    expect(await gong('alerts', 'ack', String(id), '--as', 'alice')).toEqual({ code: 0, out: `#${id} is acknowledged\n` });
    expect(await api(`/api/v1/alerts/${id}`)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice' });

    expect(await gong('alerts', 'list', '--state', 'open')).toEqual({ code: 0, out: `#${id}\tacknowledged\twarning\tDisk full on db-1\n` });
    const shown = await gong('alerts', 'show', `#${id}`);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ id, state: 'acknowledged', timeline: [{ type: 'opened' }, { type: 'acknowledged', actor: 'alice' }] });

    expect(await gong('alerts', 'resolve', String(id), '--as', 'alice', '--note', 'disk cleaned')).toEqual({ code: 0, out: `#${id} is resolved\n` });
    // The server's next write builds on the CLI's, not on a copy of the data from before it.
    await openAlert('Disk full on db-2');
    expect(await api(`/api/v1/alerts/${id}`)).toMatchObject({ state: 'resolved', resolvedBy: 'alice' });

    // A refused action is reported as refused, never as done.
    const refused = await gong('alerts', 'ack', String(id));
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/^gong: .*resolved/);
  });

  it('refuses, naming the running Gong, the commands the API does not offer, and a second start', { timeout: 400_000 }, async () => {
    const running = `gong: Gong is running on ${dataDir} (pid ${server!.pid}, http://127.0.0.1:${port})`;
    for (const command of [['users', 'list'], ['migrate']]) {
      const refused = await gong(...command);
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(new RegExp(`^${escape(running)}.*stop it, or use its API or console\\n$`));
    }
    const second = await gong('start');
    expect(second.code).toBe(1);
    expect(second.out).toContain(running);
    await healthy();
    expect(server!.exitCode).toBeNull();
  });

  it('takes over the lock of a Gong killed with -9, and releases its own on exit', { timeout: 400_000 }, async () => {
    const id = await openAlert('Replica lag');
    const killed = server!.pid;
    server!.kill('SIGKILL');
    await exited(server!);
    server = undefined;
    // The dead process's lock stays behind; a dead pid holds nothing.
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: killed, url: `http://127.0.0.1:${port}` });

    expect(await gong('alerts', 'ack', String(id), '--as', 'bob')).toEqual({ code: 0, out: `#${id} is acknowledged\n` });
    expect(existsSync(lockFile)).toBe(false);

    server = startServer();
    await waitFor('Gong to restart', healthy, 110_000, 250);
    expect(await api(`/api/v1/alerts/${id}`)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'bob' });
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: server.pid });

    server.kill('SIGTERM');
    await exited(server);
    server = undefined;
    expect(existsSync(lockFile)).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
