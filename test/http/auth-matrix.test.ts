import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeclaredRoute, GuardName } from '../../src/shared/guarded-router.js';
import { GuardedRouter } from '../../src/shared/guarded-router.js';
import { actionLinkKey, signActionLink } from '../../src/domain/action-link.js';
import { startTestGong, type TestGong } from '../helpers/gong.js';
import { rawRequest, type RawReply } from '../helpers/raw-http.js';

/**
 * Every route of a whole Gong (enumerated from its routers, so a new route is covered without
 * touching this file), asked without the right credential: no token, a wrong one, another
 * kind's token; on its path, and on case, slash and percent-encoded variants of it; with every
 * method. Nothing gets through.
 */
const SOURCES = [
  { name: 'alerts', type: 'generic' as const, token: 'source-token-alerts' },
  { name: 'other', type: 'generic' as const, token: 'source-token-other' },
];
const LARK_APP = { appId: 'cli_a1b2c3d4e5f6a7b8', appSecret: 'lark-secret', events: 'http', verificationToken: 'lark-verification-token', domain: 'http://127.0.0.1:9' };
const CHAT = { name: 'ops', type: 'lark-webhook', webhook: 'http://127.0.0.1:9/open-apis/bot/v2/hook/abcdefgh12345678' };
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** The only routes anyone may call; adding one means adding it here, on purpose. */
const PUBLIC = ['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /', 'GET /console/login', 'POST /console/login', 'GET /console/language/:locale'];
const REFUSED = [401, 403, 404, 405];
/** Thousands of requests on a machine that may be busy: this is about answers, not speed. */
const PATIENT = 30 * 60_000;

let sandboxGong: TestGong;
let larkGong: TestGong;

beforeAll(async () => {
  // The sandbox adds its page's routes; a Lark app on HTTP events adds its events endpoint.
  sandboxGong = await startTestGong({ sources: SOURCES, config: { locale: 'en' }, sandbox: true });
  larkGong = await startTestGong({ sources: SOURCES, config: { locale: 'en', lark: LARK_APP, chats: [CHAT] } });
}, PATIENT);
afterAll(async () => {
  await sandboxGong?.close();
  await larkGong?.close();
});

/** A real request path for a declared route: an alert, a chat and a source that exist. */
function concrete(route: DeclaredRoute, values: { id: number; chat: string }): string {
  return route.path
    .replace(':source', SOURCES[0]!.name)
    .replace(':id', String(values.id))
    .replace(':name', values.chat)
    // Any token that Gong did not sign: a guess, an old format, the admin token itself.
    .replace(':token', 'eyJhbGVydElkIjoxLCJhY3Rpb24iOiJhY2sifQ.forged-signature');
}

/** The same path spelt the ways a router or a proxy might read as the same (or not). */
function variants(path: string): string[] {
  const [first = '', ...rest] = path.slice(1).split('/');
  const tail = rest.length ? `/${rest.join('/')}` : '';
  const spelt = new Set([
    path,
    `/${first.toUpperCase()}${tail}`,
    `/${first.charAt(0).toUpperCase()}${first.slice(1)}${tail}`,
    path.toUpperCase(),
    `${path.slice(0, path.lastIndexOf('/') + 1)}${path.slice(path.lastIndexOf('/') + 1).toUpperCase()}`,
    `${path}/`,
    `/${first.toUpperCase()}${tail}/`,
    `/${path}`,
    `/${first}/${tail}`,
    first ? `/%${first.charCodeAt(0).toString(16)}${first.slice(1)}${tail}` : '/%2F',
    first ? `/%${first.charCodeAt(0).toString(16).toUpperCase()}${first.slice(1)}${tail}` : '/%2f',
    `/${first}${tail.replace('/', '%2F')}`,
    `/.${path}`,
    `/x/..${path}`,
    `${path}?token=`,
  ]);
  return [...spelt].filter((p) => p.startsWith('/'));
}

interface Credential {
  label: string;
  headers: Record<string, string>;
  query?: string;
}

async function signedInCookie(test: TestGong): Promise<string> {
  const response = await fetch(`${test.url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: test.adminToken }).toString(),
  });
  return response.headers.getSetCookie().find((c) => c.startsWith('gong_session='))!.split(';')[0]!;
}

/** What each guard must refuse; a console cookie does not open the API, nor the admin token the console. */
function wrongCredentials(guard: GuardName, test: TestGong, cookie: string): Credential[] {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const none: Credential = { label: 'no token', headers: {} };
  const wrong: Credential = { label: 'wrong token', headers: bearer('wrong-token-0123456789') };
  const wrongQuery: Credential = { label: 'wrong ?token=', headers: {}, query: 'token=wrong-token-0123456789' };
  const source: Credential = { label: 'a source token', headers: bearer(SOURCES[0]!.token) };
  const otherSource: Credential = { label: "another source's token", headers: bearer(SOURCES[1]!.token) };
  const admin: Credential = { label: 'the admin token', headers: bearer(test.adminToken) };
  const session: Credential = { label: 'a console session', headers: { cookie } };
  const forgedCookie: Credential = { label: 'a forged session cookie', headers: { cookie: `gong_session=${'A'.repeat(43)}` } };
  switch (guard) {
    case 'adminToken':
      return [none, wrong, wrongQuery, source, session];
    case 'sourceToken':
      return [none, wrong, wrongQuery, otherSource, admin, session];
    case 'consoleSession':
      return [none, wrong, source, admin, forgedCookie];
    case 'actionLinkSignature':
    case 'platformSignature':
      return [none, wrong, admin];
    case 'public':
      return [];
  }
}

/**
 * `{}` as the body of anything but GET and HEAD. Content-Length is explicit: Node's client sends a
 * DELETE or OPTIONS body without one, and the server would read it as the next request.
 */
function withBody(method: string, headers: Record<string, string>) {
  if (method === 'GET' || method === 'HEAD') return { headers };
  return { headers: { ...headers, 'content-type': 'application/json', 'content-length': '2' }, body: '{}' };
}

/** Runs `tasks` a few at a time: enough to be quick, few enough for a loaded machine. */
async function inBatches<T>(tasks: (() => Promise<T>)[], size = 6): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < tasks.length; i += size) results.push(...(await Promise.all(tasks.slice(i, i + size).map((task) => task()))));
  return results;
}

/**
 * Without a credential: every spelling × every method. With a wrong one: every spelling, with the
 * route's own method and GET (the method does not change which credential a route takes).
 */
async function refusals(test: TestGong, only: (route: DeclaredRoute) => boolean = () => true): Promise<{ tried: number; through: string[]; guards: Set<GuardName> }> {
  const { opened } = await test.hook({ title: 'Matrix alert', fingerprint: 'matrix-1' });
  const values = { id: opened[0]!, chat: test === larkGong ? CHAT.name : 'sandbox-lark' };
  const cookie = await signedInCookie(test);
  const guarded = test.gong.routes.filter((route) => route.guard !== 'public' && only(route));
  const tasks: (() => Promise<string | undefined>)[] = [];
  const attempt = (route: DeclaredRoute, method: string, path: string, credential: Credential) => async () => {
    const target = credential.query ? `${path}${path.includes('?') ? '&' : '?'}${credential.query}` : path;
    const reply: RawReply = await rawRequest(test.url, {
      method,
      path: target,
      ...withBody(method, { ...credential.headers, 'x-csrf-token': 'guess' }),
    });
    const toSignIn = reply.status === 302 && String(reply.headers.location).startsWith('/console/login?');
    if (REFUSED.includes(reply.status) || toSignIn) return undefined;
    return `${method} ${target} with ${credential.label} (${route.guard}) → ${reply.status} ${reply.text.slice(0, 80)}`;
  };
  for (const route of guarded) {
    const [none, ...wrong] = wrongCredentials(route.guard, test, cookie);
    for (const path of variants(concrete(route, values))) {
      for (const method of METHODS) tasks.push(attempt(route, method, path, none!));
      for (const credential of wrong) for (const method of new Set([route.method, 'GET'])) tasks.push(attempt(route, method, path, credential));
    }
  }
  const results = await inBatches(tasks);
  return { tried: tasks.length, through: results.filter((r): r is string => r !== undefined), guards: new Set(guarded.map((r) => r.guard)) };
}

describe('every route is guarded', () => {
  it('declares its guard on every route; only the known routes are public', () => {
    for (const test of [sandboxGong, larkGong]) {
      const open = test.gong.routes.filter((route) => route.guard === 'public').map((route) => `${route.method} ${route.path}`);
      expect(open.sort()).toEqual([...PUBLIC].sort());
    }
    expect(larkGong.gong.routes).toContainEqual({ method: 'POST', path: '/lark/events', guard: 'platformSignature' });
    expect(sandboxGong.gong.routes).toContainEqual({ method: 'POST', path: '/sandbox/fire', guard: 'consoleSession' });
  });

  it('lets no request without the right credential through, on any spelling of any route (sandbox Gong)', async () => {
    const { tried, through, guards } = await refusals(sandboxGong);
    expect(through).toEqual([]);
    expect([...guards].sort()).toEqual(['actionLinkSignature', 'adminToken', 'consoleSession', 'sourceToken']);
    expect(tried).toBeGreaterThan(3_000);
  }, PATIENT);

  it('lets no request without the right credential through, on any spelling of any route (Lark HTTP events Gong)', async () => {
    // The routes the sandbox Gong does not have (its events endpoint); the others were asked above.
    const asked = new Set(sandboxGong.gong.routes.map((route) => `${route.method} ${route.path}`));
    const { through, guards } = await refusals(larkGong, (route) => !asked.has(`${route.method} ${route.path}`));
    expect(through).toEqual([]);
    expect([...guards]).toEqual(['platformSignature']);
  }, PATIENT);

  it('answers each guarded route with the right credential (so the refusals above are the guards, not missing routes)', async () => {
    const test = sandboxGong;
    const alert = (await test.hook({ title: 'Matrix control', fingerprint: 'matrix-control' })).opened[0]!;
    const cookie = await signedInCookie(test);
    const csrf = /name="csrf-token" content="([^"]+)"/.exec(await (await fetch(`${test.url}/console`, { headers: { cookie } })).text())![1]!;
    const link = signActionLink({ alertId: alert, action: 'ack', args: {}, chat: 'sandbox-wecom' }, actionLinkKey(test.adminToken));
    const right: Partial<Record<GuardName, Record<string, string>>> = {
      adminToken: { authorization: `Bearer ${test.adminToken}` },
      sourceToken: { authorization: `Bearer ${SOURCES[0]!.token}` },
      consoleSession: { cookie, 'x-csrf-token': csrf },
      actionLinkSignature: {},
    };
    const answered: string[] = [];
    for (const route of test.gong.routes) {
      const headers = right[route.guard];
      // Signing out would end the session the other checks use; the session tests cover it.
      if (!headers || route.path === '/console/logout' || route.path === '/sandbox/events') continue;
      const path = concrete(route, { id: alert, chat: 'sandbox-lark' }).replace(/\/a\/.*/, `/a/${link}`);
      const reply = await rawRequest(test.url, { method: route.method, path, ...withBody(route.method, headers) });
      const toSignIn = reply.status === 302 && String(reply.headers.location).startsWith('/console/login');
      if (REFUSED.includes(reply.status) || toSignIn) answered.push(`${route.method} ${path} → ${reply.status}`);
    }
    expect(answered).toEqual([]);
  }, PATIENT);
});

describe('a route without a guard', () => {
  it('stops Gong from starting, naming the route', async () => {
    const open = new GuardedRouter();
    open.router.get('/backdoor', (ctx) => {
      ctx.body = 'open';
    });
    await expect(startTestGong({ sources: SOURCES, routes: () => [open] })).rejects.toThrow('GET /backdoor has no guard');
  }, PATIENT);
});
