import Router from '@koa/router';
import { sql } from 'drizzle-orm';
import type { GongContext } from '../../context.js';
import { silenceStatus } from '../../sources/silence-status.js';

/** Liveness, readiness (the database answers; chat apps' and silences' states in the details) and Prometheus metrics. */
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
      // Likewise a source whose silences Alertmanager refuses: shown per source, with the reason.
      const silences = await silenceStatus(gong.database.db, gong.config.sources);
      ctx.body = { status: 'ready', database: 'ok', platforms: gong.platformStatus(), silences };
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
