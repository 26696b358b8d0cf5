import { DingTalkError, transportError } from './errors.js';

export interface AccessTokenOptions {
  apiBase: string;
  clientId: string;
  clientSecret: string;
  fetch: typeof fetch;
  now: () => number;
  timeoutMs: number;
  /** Refresh this long before `expireIn` runs out, so no call goes out with a dying token. */
  refreshMarginMs?: number;
}

/** The app's OpenAPI access token: fetched once, shared by concurrent callers, renewed before expiry. */
export class AccessTokenCache {
  private cached: { token: string; expiresAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly options: AccessTokenOptions) {}

  async get(): Promise<string> {
    const margin = this.options.refreshMarginMs ?? 5 * 60 * 1000;
    if (this.cached && this.cached.expiresAt - margin > this.options.now()) return this.cached.token;
    this.inFlight ??= this.fetchToken().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Forgets a token DingTalk refused (`InvalidAuthentication`), unless it was already replaced. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetchToken(): Promise<string> {
    const what = 'DingTalk POST /v1.0/oauth2/accessToken';
    let res: Response;
    try {
      res = await this.options.fetch(`${this.options.apiBase}/v1.0/oauth2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey: this.options.clientId, appSecret: this.options.clientSecret }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (err) {
      throw transportError(what, err, this.options.apiBase);
    }
    const body = (await res.json().catch(() => ({}))) as { accessToken?: unknown; expireIn?: unknown; code?: unknown };
    if (!res.ok || typeof body.accessToken !== 'string') {
      const code = typeof body.code === 'string' ? body.code : `http${res.status}`;
      throw new DingTalkError(`${what} failed: ${code}`, { code, httpStatus: res.status, retryable: res.status >= 500 });
    }
    const expireIn = typeof body.expireIn === 'number' ? body.expireIn : 7200;
    this.cached = { token: body.accessToken, expiresAt: this.options.now() + expireIn * 1000 };
    return body.accessToken;
  }
}
