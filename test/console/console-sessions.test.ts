import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSessionStore, SESSION_IDLE_MS, SESSION_LIFETIME_MS } from '../../src/console/session.js';
import type { Database } from '../../src/db/client.js';
import { consoleSessions } from '../../src/db/schema.js';
import { GuardedRouter, publicRoute } from '../../src/shared/guarded-router.js';
import { testDatabase } from '../helpers/database.js';
import { type SharedDatabase, sharedTestDatabase, startTestGong, type TestGong } from '../helpers/gong.js';
import { rawRequest } from '../helpers/raw-http.js';

const SOURCE = { name: 'custom', type: 'generic' as const, token: 'source-token-1' };
const ADMIN_TOKEN = 'fleet-admin-token-0123456789';
/** Several whole Gongs start in these tests; a busy machine makes that slow, not wrong. */
const PATIENT = 10 * 60_000;

async function signIn(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  expect(response.status).toBe(302);
  return response.headers.getSetCookie().find((c) => c.startsWith('gong_session='))!.split(';')[0]!;
}

/** What a copied cookie gets, replayed byte for byte: the page, or the sign-in form. */
async function replay(url: string, cookie: string): Promise<'page' | 'sign-in'> {
  const reply = await rawRequest(url, { method: 'GET', path: '/console/chats', headers: { cookie } });
  // The chats page in whatever language the console speaks: its own navigation entry is the current one.
  if (reply.status === 200 && reply.text.includes('href="/console/chats" aria-current="page"')) return 'page';
  expect(reply.status).toBe(302);
  expect(reply.headers.location).toBe('/console/login?next=%2Fconsole%2Fchats');
  return 'sign-in';
}

async function signOut(url: string, cookie: string): Promise<void> {
  const page = await (await fetch(`${url}/console/chats`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  const response = await fetch(`${url}/console/logout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toBe('/console/login');
}

describe('signing out', () => {
  let shared: SharedDatabase;
  const running: TestGong[] = [];
  // PGlite serves one process at a time: there, the instances take turns on the files.
  const oneAtATime = !process.env.TEST_DATABASE_URL;
  const instance = async () => {
    const gong = await startTestGong({ sources: [SOURCE], shared, config: { server: { port: 0, host: '127.0.0.1', adminToken: ADMIN_TOKEN } } });
    running.push(gong);
    return gong;
  };
  const stop = async (gong: TestGong) => {
    running.splice(running.indexOf(gong), 1);
    await gong.close();
  };

  beforeAll(async () => {
    shared = await sharedTestDatabase();
  });
  afterAll(async () => {
    for (const gong of running) await gong.close();
    await shared?.drop();
  });

  it('ends the session: the old cookie, replayed, is refused', async () => {
    const gong = await instance();
    const cookie = await signIn(gong.url, ADMIN_TOKEN);
    expect(await replay(gong.url, cookie)).toBe('page');
    await signOut(gong.url, cookie);
    expect(await replay(gong.url, cookie)).toBe('sign-in');
    const post = await rawRequest(gong.url, { method: 'POST', path: '/console/chats', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=x' });
    expect(post.status).toBe(401);
    await stop(gong);
  }, PATIENT);

  it('is shared by every instance on the database: signed in on one, used and ended on another', async () => {
    let first = await instance();
    const cookie = await signIn(first.url, ADMIN_TOKEN);
    expect(await replay(first.url, cookie)).toBe('page');
    if (oneAtATime) await stop(first);

    const second = await instance();
    expect(await replay(second.url, cookie)).toBe('page');
    await signOut(second.url, cookie);
    expect(await replay(second.url, cookie)).toBe('sign-in');
    if (oneAtATime) {
      await stop(second);
      first = await instance();
    }
    expect(await replay(first.url, cookie)).toBe('sign-in');
  }, PATIENT);
});

describe('session lifetime', () => {
  let database: Database;
  let server: Server;
  let url: string;
  let now = Date.parse('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    database = await testDatabase();
    const sessions = consoleSessionStore(database.db, ADMIN_TOKEN, () => now);
    const router = new GuardedRouter()
      .get('/in', publicRoute(), async (ctx) => {
        ctx.body = (await sessions.signIn(ctx, ADMIN_TOKEN)) ? 'in' : 'refused';
      })
      .get('/page', sessions.guard(), (ctx) => {
        ctx.body = 'page';
      });
    const app = new Koa();
    app.use(router.router.routes());
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await database?.close();
  });

  const newSession = async () => (await fetch(`${url}/in`)).headers.getSetCookie()[0]!.split(';')[0]!;
  const open = async (cookie: string) => (await fetch(`${url}/page`, { headers: { cookie }, redirect: 'manual' })).status === 200;

  it('ends after being idle, and stores only a hash of its id', async () => {
    const cookie = await newSession();
    const rows = await database.db.select().from(consoleSessions);
    expect(rows.map((row) => row.idHash)).not.toContain(cookie.split('=')[1]);
    now += SESSION_IDLE_MS - 60_000;
    expect(await open(cookie)).toBe(true);
    now += SESSION_IDLE_MS - 60_000;
    expect(await open(cookie)).toBe(true);
    now += SESSION_IDLE_MS;
    expect(await open(cookie)).toBe(false);
  });

  it('ends at its absolute lifetime, however busy', async () => {
    const cookie = await newSession();
    const end = now + SESSION_LIFETIME_MS;
    while (now + SESSION_IDLE_MS / 2 < end) {
      now += SESSION_IDLE_MS / 2;
      expect(await open(cookie)).toBe(true);
    }
    now = end;
    expect(await open(cookie)).toBe(false);
  });
});
