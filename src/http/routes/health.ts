import { sql } from 'drizzle-orm';
import type { GongContext } from '../../context.js';
import { silenceStatus } from '../../sources/silence-status.js';
import { GuardedRouter, publicRoute } from '../../shared/guarded-router.js';

/** Liveness, readiness (the database answers; chat apps' and silences' states in the details) and Prometheus metrics. */
export function healthRoutes(gong: GongContext): GuardedRouter {
  const router = new GuardedRouter();
  // Public like a load balancer's probes and Prometheus's scrape expect; none of them shows a secret.
  router.get('/healthz', publicRoute(), (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', publicRoute(), async (ctx) => {
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
  router.get('/metrics', publicRoute(), async (ctx) => {
    ctx.type = gong.metrics.registry.contentType;
    ctx.body = await gong.metrics.registry.metrics();
  });
  return router;
}
