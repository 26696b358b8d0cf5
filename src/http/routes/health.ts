import Router from '@koa/router';
import { sql } from 'drizzle-orm';
import type { GongContext } from '../../context.js';

/** Liveness, readiness (the database answers; chat apps' states in the details) and Prometheus metrics. */
export function healthRoutes(gong: GongContext): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await gong.database.db.execute(sql`SELECT 1`);
      // A chat app that cannot connect is reported, not fatal: alerts are still stored and the
      // other apps keep working.
      ctx.body = { status: 'ready', database: 'ok', platforms: gong.platformStatus() };
    } catch (error) {
      gong.logger.warn({ err: error }, 'readiness check failed');
      ctx.status = 503;
      ctx.body = { status: 'not ready', database: 'unreachable' };
    }
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = gong.metrics.registry.contentType;
    ctx.body = await gong.metrics.registry.metrics();
  });
  return router;
}
