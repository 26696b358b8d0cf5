import type { Context, Middleware } from 'koa';
import { pino, type Logger } from 'pino';
import getRawBody from 'raw-body';
import { nestsDeeperThan } from '../../shared/json-depth.js';
import { EventRouter, type ConnectionState, type LarkTransport } from './events.js';
import { decryptEvent, signatureProblem, timestampProblem, tokenMatches } from './verify-event.js';

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
/** Lark's events nest a few levels; the SDK walks them recursively and would overflow on many more. */
const MAX_EVENT_DEPTH = 64;

/**
 * Events pushed to our HTTP endpoint. Anyone can reach this URL, so nothing is acted on without
 * proof that Lark sent it: with an Encrypt Key, a valid X-Lark-Signature over the raw body and a
 * timestamp within 5 minutes (a replay is refused); with a Verification Token, the token in the
 * event, compared in constant time. Without either nothing could be trusted, so it does not start.
 * Answers url_verification; refusals are 4xx, never the SDK's silent 200.
 */
export function createHttpTransport(o: HttpTransportOptions): LarkHttpTransport {
  if (!o.encryptKey && !o.verificationToken) {
    throw new Error(`lark app ${o.appId}: HTTP events need an encryptKey (or at least a verificationToken) to tell Lark's events from forged ones`);
  }
  const log = o.logger ?? pino({ level: 'silent' });
  const router = new EventRouter({ appId: o.appId, logger: log });
  const listeners: ((s: ConnectionState) => void)[] = [];
  let current: ConnectionState = { status: 'stopped' };
  const set = (s: ConnectionState): void => {
    current = s;
    for (const l of listeners) l(s);
  };

  const refuse = (ctx: Context, status: number, reason: string): never => {
    log.warn({ status, reason }, 'lark event refused');
    return ctx.throw(status, reason);
  };

  const middleware: Middleware = async (ctx) => {
    if (ctx.method !== 'POST') ctx.throw(405);
    if (current.status !== 'connected') ctx.throw(503, 'lark events transport is not started');
    let raw: string;
    try {
      raw = await getRawBody(ctx.req, { limit: BODY_LIMIT, encoding: 'utf8' });
    } catch (error) {
      const tooLarge = (error as { status?: unknown }).status === 413;
      return refuse(ctx, tooLarge ? 413 : 400, tooLarge ? `body larger than ${BODY_LIMIT}` : 'the body could not be read');
    }
    const body = parseObject(raw);
    if (!body) return refuse(ctx, 400, 'body must be a JSON object');
    const payload = openPayload(ctx, body, o.encryptKey, refuse);
    if (nestsDeeperThan(payload, MAX_EVENT_DEPTH)) return refuse(ctx, 400, `body nests deeper than ${MAX_EVENT_DEPTH} levels`);

    // The handshake changes nothing and proves nothing is needed beyond the key or the token:
    // Lark does not sign it, so it is answered before the signature check.
    if (payload.type === 'url_verification') {
      if (o.verificationToken && !tokenMatches(payload, o.verificationToken)) return refuse(ctx, 401, 'verification token mismatch');
      ctx.body = { challenge: payload.challenge };
      return;
    }
    if (o.encryptKey) {
      const problem = signatureProblem(ctx.req.headers, raw, o.encryptKey, Date.now());
      if (problem) return refuse(ctx, 401, problem);
    } else {
      // Unsigned (token-only) events: a timestamp Lark sends is still held to the window.
      const timestamp = ctx.get('x-lark-request-timestamp');
      const problem = timestamp ? timestampProblem(timestamp, Date.now()) : undefined;
      if (problem) return refuse(ctx, 401, problem);
    }
    if (o.verificationToken && !tokenMatches(payload, o.verificationToken)) return refuse(ctx, 401, 'verification token mismatch');
    // Verified above, so the SDK's own check (over a re-serialised body) is not repeated.
    const answer: unknown = await router.dispatcher.invoke(payload, { needCheck: false });
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(typeof answer === 'object' && answer !== null ? answer : {});
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

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The event itself: decrypted when Lark encrypted it (which only the holder of the Encrypt Key can do). */
function openPayload(
  ctx: Context,
  body: Record<string, unknown>,
  encryptKey: string | undefined,
  refuse: (ctx: Context, status: number, reason: string) => never,
): Record<string, unknown> {
  if (!('encrypt' in body)) return body;
  if (!encryptKey) return refuse(ctx, 400, 'encrypted event but no encryptKey configured');
  if (typeof body.encrypt !== 'string') return refuse(ctx, 400, 'encrypt must be a base64 string');
  let plain: Record<string, unknown> | undefined;
  try {
    plain = parseObject(decryptEvent(encryptKey, body.encrypt));
  } catch {
    plain = undefined;
  }
  return plain ?? refuse(ctx, 400, 'the event could not be decrypted with the configured encryptKey');
}
