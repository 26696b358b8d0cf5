import { randomBytes } from 'node:crypto';
import type { Context } from 'koa';
import type { Router } from '@koa/router';
import { OpenApiError } from './openapi-error.js';
import { RateWindow } from './rate-window.js';
import { isRecord, readJson } from './read-json.js';
import type { SandboxApp, SandboxState } from './state.js';

/** A planned failure for the next `times` calls of one endpoint (`'PUT /v1.0/card/instances'`) or of any. */
export interface InjectedFault {
  endpoint?: string;
  status: number;
  code: string;
  message?: string;
  times?: number;
}

/** The real per-app-per-API limit from DingTalk's throttling appendix. */
const QPS_PER_APP_PER_API = 20;

/**
 * Access tokens and everything checked before an OpenAPI handler runs:
 * injected faults, the token header, the QPS switch and the real QPS limit.
 */
export class OpenApiAuth {
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  private readonly faults: Array<{ endpoint?: string; status: number; code: string; message: string; times: number }> = [];
  private readonly qps: RateWindow;
  private qpsLimited = false;

  constructor(
    private readonly state: SandboxState,
    private readonly tokenLifetimeSeconds: number,
  ) {
    this.qps = new RateWindow(QPS_PER_APP_PER_API, 1000, state.now);
  }

  routes(router: Router): void {
    router.post('/v1.0/oauth2/accessToken', async (ctx) => {
      this.applyFault(ctx);
      const body = await readJson(ctx);
      const app = isRecord(body) && typeof body.appKey === 'string' ? this.state.apps.get(body.appKey) : undefined;
      if (!app || !isRecord(body) || body.appSecret !== app.clientSecret) {
        throw new OpenApiError(400, 'invalidClientIdOrSecret', '无效的clientId或者clientSecret');
      }
      const accessToken = randomBytes(16).toString('hex');
      this.tokens.set(accessToken, {
        clientId: app.clientId,
        expiresAt: this.state.now() + this.tokenLifetimeSeconds * 1000,
      });
      ctx.body = { accessToken, expireIn: this.tokenLifetimeSeconds };
    });
  }

  /** Returns the calling app, or throws the error DingTalk would answer instead of running the API. */
  authorize(ctx: Context): SandboxApp {
    this.applyFault(ctx);
    const header = ctx.get('x-acs-dingtalk-access-token');
    const token = this.tokens.get(header);
    const app = token && token.expiresAt > this.state.now() ? this.state.apps.get(token.clientId) : undefined;
    if (!app) throw new OpenApiError(400, 'InvalidAuthentication', '不合法的access_token');
    const endpoint = `${ctx.method} ${ctx.path}`;
    if (this.qpsLimited || !this.qps.tryHit(`${app.clientId} ${endpoint}`)) {
      throw new OpenApiError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', '应用调用该接口的请求数超过限流值');
    }
    return app;
  }

  setQpsLimited(on: boolean): void {
    this.qpsLimited = on;
  }

  injectFault(fault: InjectedFault): void {
    this.faults.push({ ...fault, message: fault.message ?? fault.code, times: fault.times ?? 1 });
  }

  /** Makes every issued token invalid, as when DingTalk rotates them before `expireIn`. */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** Throws the next planned fault for this endpoint, if any; the gateway shares it. */
  applyFault(ctx: Context): void {
    const endpoint = `${ctx.method} ${ctx.path}`;
    const fault = this.faults.find((f) => f.endpoint === undefined || f.endpoint === endpoint);
    if (!fault) return;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    throw new OpenApiError(fault.status, fault.code, fault.message);
  }
}
