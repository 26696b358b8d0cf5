import * as lark from '@larksuiteoapi/node-sdk';
import type { Middleware } from 'koa';
import { pino, type Logger } from 'pino';
import getRawBody from 'raw-body';
import { nestsDeeperThan } from '../../shared/json-depth.js';
import { EventRouter, type ConnectionState, type LarkTransport } from './events.js';

const MAX_EVENT_DEPTH = 64;

export interface HttpTransportOptions {
  appId: string;
  encryptKey?: string;
  verificationToken?: string;
  logger?: Logger;
}

export interface LarkHttpTransport extends LarkTransport {
  /**
   * Koa middleware for the request URL (`POST /lark/events`). Mount it on a route; unlike the
   * SDK's adaptKoa it does not compare `ctx.originalUrl`, so a query string does not break it.
   */
  readonly middleware: Middleware;
}

const BODY_LIMIT = '1mb';

/**
 * Events pushed to our HTTP endpoint. The SDK decrypts, checks X-Lark-Signature (when an Encrypt
 * Key is set) and answers url_verification; we add the verification-token check the SDK skips
 * for unencrypted events, and turn its silent refusals into 401s.
 */
export function createHttpTransport(o: HttpTransportOptions): LarkHttpTransport {
  const log = o.logger ?? pino({ level: 'silent' });
  const router = new EventRouter({
    appId: o.appId,
    logger: log,
    ...(o.encryptKey && { encryptKey: o.encryptKey }),
    ...(o.verificationToken && { verificationToken: o.verificationToken }),
  });
  const listeners: ((s: ConnectionState) => void)[] = [];
  let current: ConnectionState = { status: 'stopped' };
  const set = (s: ConnectionState): void => {
    current = s;
    for (const l of listeners) l(s);
  };

  /** Without an Encrypt Key nothing is signed, so the body's verification token is the only proof of origin. */
  function tokenMatches(body: Record<string, unknown>): boolean {
    if (o.encryptKey || !o.verificationToken) return true;
    const header = body.header as { token?: unknown } | undefined;
    return (header?.token ?? body.token) === o.verificationToken;
  }

  const middleware: Middleware = async (ctx) => {
    if (ctx.method !== 'POST') ctx.throw(405);
    if (current.status !== 'connected') ctx.throw(503, 'lark events transport is not started');
    const preParsed = (ctx.request as { body?: unknown }).body;
    let body: unknown = preParsed;
    if (body === undefined) {
      try {
        body = JSON.parse(await getRawBody(ctx.req, { limit: BODY_LIMIT, encoding: 'utf8' }));
      } catch {
        ctx.throw(400, 'body must be JSON');
      }
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) ctx.throw(400, 'body must be a JSON object');
    // Lark's events nest a few levels; the SDK walks them recursively and would overflow on more.
    if (nestsDeeperThan(body, MAX_EVENT_DEPTH)) ctx.throw(400, `body nests deeper than ${MAX_EVENT_DEPTH} levels`);
    // The SDK reads request headers from the data object's prototype.
    // Own properties copied as data: a `__proto__` key in the JSON must not replace the prototype.
    const data = Object.create({ headers: ctx.req.headers }, Object.getOwnPropertyDescriptors(body)) as Record<string, unknown>;
    if ('encrypt' in data && !o.encryptKey) ctx.throw(400, 'encrypted event but no encryptKey configured');
    if (!tokenMatches(data)) ctx.throw(401, 'verification token mismatch');
    let challenge: ReturnType<typeof lark.generateChallenge>;
    try {
      challenge = lark.generateChallenge(data, { encryptKey: o.encryptKey ?? '' });
    } catch {
      // The SDK throws on a body it cannot decrypt: that is a bad request, not our failure.
      ctx.status = 400;
      ctx.body = { error: 'the event could not be decrypted with the configured encryptKey' };
      return;
    }
    if (challenge.isChallenge) {
      ctx.body = challenge.challenge;
      return;
    }
    const answer: unknown = await router.dispatcher.invoke(data);
    // Our handlers always answer an object, so `undefined` is the SDK refusing the signature.
    if (answer === undefined) ctx.throw(401, 'signature mismatch');
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(answer);
  };

  return {
    appId: o.appId,
    middleware,
    onCardAction: (h) => router.onCardAction(h),
    onMessage: (h) => router.onMessage(h),
    state: () => current,
    onStateChange: (l) => void listeners.push(l),
    // Nothing to dial: "connected" means the endpoint accepts events.
    async start() {
      set({ status: 'connected' });
    },
    async stop() {
      set({ status: 'stopped' });
    },
  };
}
