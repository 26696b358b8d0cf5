import { randomBytes } from 'node:crypto';
import { fail, parseJson, type Reply, type RequestCtx } from './http.js';
import type { SandboxLarkApp } from './types.js';

const TOKEN_TTL_S = 7200;
// The real endpoint hands back the current token until it has less than 30 minutes left.
const REISSUE_BELOW_MS = 30 * 60_000;

/** tenant_access_token issue and the Bearer gate in front of every other OpenAPI call. */
export class LarkAuth {
  private readonly tokens = new Map<string, { appId: string; expiresAt: number }>();

  constructor(
    private readonly apps: Map<string, SandboxLarkApp>,
    private readonly now: () => number,
  ) {}

  /** POST /open-apis/auth/v3/tenant_access_token/internal — errors are HTTP 200 with a code. */
  issue = (ctx: RequestCtx): Reply => {
    const body = parseJson(ctx.rawBody);
    const app = typeof body?.app_id === 'string' ? this.apps.get(body.app_id) : undefined;
    if (!app) return fail(200, 10003, 'invalid param');
    if (body?.app_secret !== app.appSecret) return fail(200, 10014, 'app secret invalid');
    const t = this.now();
    const current = [...this.tokens].find(([, v]) => v.appId === app.appId && v.expiresAt - t > REISSUE_BELOW_MS);
    const [token, entry] = current ?? [`t-${randomBytes(20).toString('hex')}`, { appId: app.appId, expiresAt: t + TOKEN_TTL_S * 1000 }];
    this.tokens.set(token, entry);
    return {
      status: 200,
      body: { code: 0, msg: 'ok', tenant_access_token: token, expire: Math.floor((entry.expiresAt - t) / 1000) },
    };
  };

  /** The app behind the request's Bearer token, or the platform's refusal. */
  authorize(headers: RequestCtx['headers']): { appId: string } | Reply {
    const auth = headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    if (!token) return fail(400, 99991661, 'Missing access token for authorization. Please make a request with token attached.');
    const entry = this.tokens.get(token);
    if (!entry || entry.expiresAt <= this.now()) {
      return fail(400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    }
    return { appId: entry.appId };
  }

  /** Test hook: forget every issued token, as after a secret reset. */
  revokeAll(): void {
    this.tokens.clear();
  }
}
