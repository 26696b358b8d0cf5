import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import postgres from 'postgres';
import { parseConfig } from '../../src/config/load.js';
import { toRuntimeConfig } from '../../src/config/runtime-config.js';
import type { SourceConfig } from '../../src/config/schema.js';
import { type Gong, type StartOptions, startGong, startGongOrSandbox } from '../../src/main.js';
import { testLogger } from './logger.js';

export interface TestGong {
  gong: Gong;
  url: string;
  adminToken: string;
  /** GET/POST against the REST API with the admin token; throws on a non-2xx answer. */
  api<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** POSTs alerts to a source's hook (the first by default) as a monitoring system would; throws unless 200. */
  hook(body: unknown, source?: Pick<SourceConfig, 'name' | 'token'>): Promise<{ opened: number[] }>;
  close(): Promise<void>;
}

export interface TestGongOptions {
  sources: SourceConfig[];
  /** More configuration (chats, dingtalk, lark, locale…), as it would appear in gong.yaml. */
  config?: Record<string, unknown>;
  logger?: Logger;
  /** Start as `gong start` does: with the sandbox when no DingTalk or Lark app is configured. */
  sandbox?: boolean;
  /** Run on this database instead of a fresh one (a restart, or a second process); close() leaves it. */
  shared?: SharedDatabase;
  /** More HTTP routes (as the sandbox adds its page). */
  routes?: StartOptions['routes'];
}

/** One database several test Gongs use in turn or at once; `drop()` removes it at the end. */
export interface SharedDatabase {
  dataDir: string;
  url?: string;
  drop(): Promise<void>;
}

/** PGlite files in a temporary directory, or a new database on TEST_DATABASE_URL's server. */
export async function sharedTestDatabase(): Promise<SharedDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gong-shared-'));
  const server = process.env.TEST_DATABASE_URL ? await createServerDatabase(process.env.TEST_DATABASE_URL) : undefined;
  return {
    dataDir,
    ...(server && { url: server.url }),
    async drop() {
      await server?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A whole Gong on port 0 through the real config path (parseConfig → toRuntimeConfig → startGong):
 * a fresh database on TEST_DATABASE_URL when set, else PGlite in a temporary data directory.
 */
export async function startTestGong(options: TestGongOptions): Promise<TestGong> {
  const adminToken = `admin-${randomBytes(12).toString('hex')}`;
  const shared = options.shared;
  const dataDir = shared?.dataDir ?? (await mkdtemp(join(tmpdir(), 'gong-test-')));
  const server = shared ? undefined : process.env.TEST_DATABASE_URL ? await createServerDatabase(process.env.TEST_DATABASE_URL) : undefined;
  const databaseUrl = shared ? shared.url : server?.url;
  const raw = {
    server: { port: 0, host: '127.0.0.1', adminToken },
    database: databaseUrl ? { url: databaseUrl } : {},
    sources: options.sources,
    ...options.config,
  };
  const config = toRuntimeConfig(parseConfig(raw, { GONG_DATA_DIR: dataDir }, null));
  let gong: Gong;
  try {
    const start = options.sandbox ? startGongOrSandbox : startGong;
    gong = await start(config, { logger: options.logger ?? testLogger, pollingIntervalSeconds: 0.5, ...(options.routes && { routes: options.routes }) });
  } catch (error) {
    await server?.drop();
    if (!shared) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    gong,
    url: gong.url,
    adminToken,
    async api<T>(path: string, init: { method?: string; body?: unknown } = {}) {
      const response = await fetch(`${gong.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${adminToken}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
    async hook(body, source: Pick<SourceConfig, 'name' | 'token'> = options.sources[0]!) {
      const response = await fetch(`${gong.url}/hooks/${source.name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${source.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`POST /hooks/${source.name} → ${response.status} ${text}`);
      return JSON.parse(text) as { opened: number[] };
    },
    async close() {
      await gong.stop();
      await server?.drop();
      if (!shared) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A brand-new database on a Postgres server, dropped (with any leftover connection) afterwards. */
export async function createServerDatabase(serverUrl: string, prefix = 'gong_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the deadline passes; then fails with the last value seen. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * DingTalk gives a callback 2 s and Lark an event 3 s; a loaded CI machine can need longer. Tests
 * of a whole Gong are about what it answers, not how fast, so their local platforms wait longer
 * (the sandbox tests keep the real limits and test them).
 */
export const PATIENT_PLATFORM = { dingtalk: { callbackTimeoutMs: 10_000 }, lark: { ackTimeoutMs: 10_000 } } as const;

/** Signs in to the console with the admin token, as the sign-in form does: the session cookie to send. */
export async function consoleCookie(gong: Pick<TestGong, 'url' | 'adminToken'>): Promise<string> {
  const login = await fetch(`${gong.url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: gong.adminToken }).toString(),
  });
  const session = login.headers.getSetCookie().find((value) => value.startsWith('gong_session='));
  if (!session) throw new Error(`signing in to the console answered ${login.status} without a session`);
  return session.split(';')[0]!;
}
