import Koa from 'koa';
import type { Logger } from 'pino';
import type { AlertService } from '../alerts/service.js';
import type { ChatRegistry } from '../chats/chat-registry.js';
import type { DeliveryStatuses } from '../delivery/delivery-status.js';
import type { SourceConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import type { SendTestMessage } from '../delivery/test-message.js';
import type { Metrics } from '../observability/metrics.js';
import type { AppStatus } from '../platforms/platform-runtime.js';
import { type DeclaredRoute, type GuardedRouter, declaredRoutes } from '../shared/guarded-router.js';
import { shownToUser } from '../shared/user-error.js';
import { type ActionLinkDeps, actionLinkRoutes } from './routes/action-links.js';
import { alertApiRoutes } from './routes/alerts-api.js';
import { incidentApiRoutes } from './routes/incidents-api.js';
// `/chats/status` must come before the chats API's `/chats/:name`.
import { chatStatusRoutes } from './routes/chat-status.js';
import { chatApiRoutes } from './routes/chats-api.js';
import { healthRoutes } from './routes/health.js';
import { hookRoutes } from './routes/hooks.js';
import { templateApiRoutes } from './routes/templates-api.js';
import { type RoutingApiDeps, routingApiRoutes } from './routes/routing-api.js';
import { type InlineBlocks, securityHeaders } from './security-headers.js';

/** What the HTTP part's own routes use, built completely by the composition root before the app exists. */
export interface HttpDeps {
  adminToken: string;
  config: RoutingApiDeps['config'];
  sources: readonly SourceConfig[];
  db: Db;
  alerts: AlertService;
  chats: ChatRegistry;
  deliveries: DeliveryStatuses;
  sendTestMessage: SendTestMessage;
  words: ActionLinkDeps['words'];
  /** The handlers an action link's form hands its action to. */
  dispatch: ActionLinkDeps['dispatch'];
  /** Each chat platform app's connection state. */
  platformStatus: () => AppStatus[];
  metrics: Metrics;
  logger: Logger;
}

/** Routes from the parts above http/ (the console, the platforms' event endpoints), with the inline blocks their pages carry. */
export interface MountedRoutes {
  routers: GuardedRouter[];
  inline?: InlineBlocks;
}

/**
 * The Koa app: errors become `{ error }` with an exact status; nothing else leaks. Every route
 * is declared with its guard; building the app throws when one is not (see guarded-router.ts).
 * The app knows its own routes and the ones it is given, in this order.
 */
export function createHttpApp(deps: HttpDeps, mounted: MountedRoutes[] = []): { app: Koa; routes: DeclaredRoute[] } {
  const own = [healthRoutes(deps), hookRoutes(deps), alertApiRoutes(deps), incidentApiRoutes(deps), routingApiRoutes(deps), templateApiRoutes(deps), chatStatusRoutes(deps), chatApiRoutes(deps), actionLinkRoutes(deps)];
  const routers = [...own, ...mounted.flatMap((part) => part.routers)];
  const routes = declaredRoutes(routers);
  const app = new Koa();
  app.proxy = true;

  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } catch (error) {
      const err = error as { status?: number; statusCode?: number };
      const status = err.status ?? err.statusCode ?? 500;
      ctx.status = status >= 400 && status < 600 ? status : 500;
      ctx.body = { error: (ctx.status < 500 && shownToUser(error)) || 'internal error' };
      if (ctx.status >= 500) deps.logger.error({ err: error, path: ctx.path }, 'request failed');
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      deps.metrics.httpDuration.observe({ method: ctx.method, route: String(route), status: String(ctx.status) }, seconds);
    }
  });
  app.use(securityHeaders(mounted.flatMap((part) => part.inline ?? [])));

  for (const { router } of routers) app.use(router.routes());
  app.use((ctx) => {
    // A path some route has, asked with a method none of them takes (OPTIONS included: Gong
    // serves no cross-origin callers).
    const allowed = [...new Set(((ctx as { matched?: { methods: string[] }[] }).matched ?? []).flatMap((layer) => layer.methods))];
    if (allowed.length) {
      ctx.set('Allow', allowed.join(', '));
      ctx.status = 405;
      ctx.body = { error: `${ctx.method} is not allowed on ${ctx.path}; use ${allowed.join(' or ')}` };
      return;
    }
    ctx.status = 404;
    ctx.body = { error: `no route for ${ctx.method} ${ctx.path}` };
  });
  return { app, routes };
}
