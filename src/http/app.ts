import type Router from '@koa/router';
import Koa from 'koa';
import type { GongContext } from '../context.js';
import { requireToken } from './auth.js';
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

/** The Koa app: errors become `{ error }` with an exact status; nothing else leaks. */
export function createHttpApp(gong: GongContext, platformRouters: Router[] = []): Koa {
  const app = new Koa();
  app.proxy = true;

  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } catch (error) {
      const err = error as { status?: number; statusCode?: number; expose?: boolean; message?: string };
      const status = err.status ?? err.statusCode ?? 500;
      ctx.status = status >= 400 && status < 600 ? status : 500;
      ctx.body = { error: ctx.status < 500 && err.expose !== false ? err.message : 'internal error' };
      if (ctx.status >= 500) gong.logger.error({ err: error, path: ctx.path }, 'request failed');
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      gong.metrics.httpDuration.observe({ method: ctx.method, route: String(route), status: String(ctx.status) }, seconds);
    }
  });

  app.use(async (ctx, next) => {
    if (ctx.path.startsWith('/api/')) requireToken(ctx, gong.config.server.adminToken);
    await next();
  });

  for (const router of [healthRoutes(gong), hookRoutes(gong), alertApiRoutes(gong), routingApiRoutes(gong), templateApiRoutes(gong), chatStatusRoutes(gong), chatApiRoutes(gong), actionLinkRoutes(gong), ...consoleRoutes(gong), ...platformRouters]) {
    app.use(router.routes()).use(router.allowedMethods());
  }
  app.use((ctx) => {
    ctx.status = 404;
    ctx.body = { error: `no route for ${ctx.method} ${ctx.path}` };
  });
  return app;
}
