import { randomBytes } from 'node:crypto';
import type { Router } from '@koa/router';
import type { OpenApiAuth } from './auth.js';
import { OpenApiError } from './openapi-error.js';
import { isRecord, readJson } from './read-json.js';
import type { SandboxState } from './state.js';

export interface Subscription {
  type: string;
  topic: string;
}

export interface Ticket {
  clientId: string;
  subscriptions: Subscription[];
  expiresAt: number;
}

/**
 * `POST /v1.0/gateway/connections/open`: trades app credentials for a WebSocket endpoint and a
 * single-use ticket, remembering what the connection subscribed to.
 */
export class StreamGateway {
  private readonly tickets = new Map<string, Ticket>();

  constructor(
    private readonly state: SandboxState,
    private readonly auth: OpenApiAuth,
    private readonly ticketLifetimeMs: number,
    private readonly endpointUrl: () => string,
  ) {}

  routes(router: Router): void {
    router.post('/v1.0/gateway/connections/open', async (ctx) => {
      this.auth.applyFault(ctx);
      const body = await readJson(ctx);
      if (!isRecord(body) || typeof body.clientId !== 'string' || typeof body.clientSecret !== 'string') {
        throw new OpenApiError(400, 'invalidParameter', 'clientId and clientSecret are required');
      }
      const app = this.state.apps.get(body.clientId);
      if (!app || app.clientSecret !== body.clientSecret) {
        throw new OpenApiError(401, 'authFailed', 'clientId or clientSecret is invalid');
      }
      const ticket = randomBytes(16).toString('hex');
      this.tickets.set(ticket, {
        clientId: app.clientId,
        subscriptions: parseSubscriptions(body.subscriptions),
        expiresAt: this.state.now() + this.ticketLifetimeMs,
      });
      ctx.body = { endpoint: this.endpointUrl(), ticket };
    });
  }

  /** A ticket opens one connection only, and only within its lifetime. */
  consume(ticket: string): Ticket | undefined {
    const found = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return found && found.expiresAt > this.state.now() ? found : undefined;
  }
}

function parseSubscriptions(value: unknown): Subscription[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((s: unknown) =>
    isRecord(s) && typeof s.type === 'string' && typeof s.topic === 'string' ? [{ type: s.type, topic: s.topic }] : [],
  );
}
