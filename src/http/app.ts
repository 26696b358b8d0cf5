import Koa from 'koa';
import type { GongContext } from '../context.js';
import { type DeclaredRoute, type GuardedRouter, declaredRoutes } from '../shared/guarded-router.js';
import { shownToUser } from '../shared/user-error.js';
import { actionLinkRoutes } from './routes/action-links.js';
import { alertApiRoutes } from './routes/alerts-api.js';
// `/chats/status` must come before the chats API's `/chats/:name`.
import { chatStatusRoutes } from './routes/chat-status.js';
import { chatApiRoutes } from './routes/chats-api.js';
import { consoleRoutes } from './routes/console.js';
import { healthRoutes } from './routes/health.js';
import { hookRoutes } from './routes/hooks.js';
import { templateApiRoutes } from './routes/templates-api.js';
import { routingApiRoutes } from './routes/routing-api.js';
import { securityHeaders } from './security-headers.js';

/**
 * The Koa app: errors become `{ error }` with an exact status; nothing else leaks. Every route
 * is declared with its guard; building the app throws when one is not (see guarded-router.ts).
 */
export function createHttpApp(gong: GongContext, platformRouters: GuardedRouter[] = []): { app: Koa; routes: DeclaredRoute[] } {
  const routers = [healthRoutes(gong), hookRoutes(gong), alertApiRoutes(gong), routingApiRoutes(gong), templateApiRoutes(gong), chatStatusRoutes(gong), chatApiRoutes(gong), actionLinkRoutes(gong), ...consoleRoutes(gong), ...platformRouters];
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
      if (ctx.status >= 500) gong.logger.error({ err: error, path: ctx.path }, 'request failed');
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      gong.metrics.httpDuration.observe({ method: ctx.method, route: String(route), status: String(ctx.status) }, seconds);
    }
  });
  app.use(securityHeaders());

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
