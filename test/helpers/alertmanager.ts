import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from './gong.js';

/** Debian's package (`apt-get install prometheus-alertmanager`); `.ci/run` installs it. */
export const ALERTMANAGER_BIN = process.env.ALERTMANAGER_BIN ?? '/usr/bin/prometheus-alertmanager';

export interface RunningAlertmanager {
  url: string;
  /** Everything it printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A user of an Alertmanager behind basic auth; Alertmanager is given only the bcrypt hash. */
export interface BasicAuthUser {
  user: string;
  password: string;
  bcryptHash: string;
}

/** `test`, hashed as in Prometheus' "basic auth" guide: no bcrypt library is at hand to make one. */
export const TEST_PASSWORD_USER: BasicAuthUser = { user: 'admin', password: 'test', bcryptHash: '$2b$12$hNf2lSsxfm0.i4a.1kVpSOVyBCfIB51VRjgBUyv6kdnyTlgWj81Ay' };

/** The `Authorization` header of a basic-auth user. */
export function basicAuthHeader(user: BasicAuthUser): string {
  return `Basic ${Buffer.from(`${user.user}:${user.password}`).toString('base64')}`;
}

/**
 * Starts a real, non-clustered Alertmanager on a loopback port with the given alertmanager.yml;
 * with `basicAuth`, every endpoint asks for that user (`--web.config.file`). `port` (from
 * `freePort()`) lets a Gong started before it know its URL while it knows Gong's.
 */
export async function startAlertmanager(configYaml: string, options: { basicAuth?: BasicAuthUser; port?: number } = {}): Promise<RunningAlertmanager> {
  if (!existsSync(ALERTMANAGER_BIN)) {
    throw new Error(`${ALERTMANAGER_BIN} is missing: apt-get install -y prometheus-alertmanager (or set ALERTMANAGER_BIN)`);
  }
  const dir = await mkdtemp(join(tmpdir(), 'gong-am-'));
  const configFile = join(dir, 'alertmanager.yml');
  await writeFile(configFile, configYaml);
  const webConfigFile = join(dir, 'web.yml');
  if (options.basicAuth) await writeFile(webConfigFile, `basic_auth_users:\n  ${options.basicAuth.user}: ${options.basicAuth.bcryptHash}\n`);
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    ALERTMANAGER_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=debug',
      ...(options.basicAuth ? [`--web.config.file=${webConfigFile}`] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      'Alertmanager to be ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`alertmanager exited with ${child.exitCode}:\n${output}`);
        const response = await fetch(`${url}/-/ready`, { headers: options.basicAuth ? { authorization: basicAuthHeader(options.basicAuth) } : {} });
        return response.ok ? true : undefined;
      },
      15_000,
      100,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url, output: () => output, stop };
}

export interface AmAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

/** `POST /api/v2/alerts`, what Prometheus itself does. */
export async function postToAlertmanager(url: string, alerts: AmAlert[], headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(alerts),
  });
  if (!response.ok) throw new Error(`Alertmanager refused the alerts: ${response.status} ${await response.text()}`);
}
