import type { Logger } from 'pino';
import type { SourceConfig } from '../../config/schema.js';
import type { Db } from '../../db/client.js';
import { ping } from '../../db/rows.js';
import type { Metrics } from '../../observability/metrics.js';
import type { AppStatus } from '../../platforms/platform-runtime.js';
import { silenceStatus } from '../../sources/silence-status.js';
import { GuardedRouter, publicRoute } from '../../shared/guarded-router.js';

export interface HealthDeps {
  db: Db;
  sources: readonly SourceConfig[];
  /** Each chat platform app's connection state. */
  platformStatus: () => AppStatus[];
  metrics: Metrics;
  logger: Logger;
}

/** Liveness, readiness (the database answers; chat apps' and silences' states in the details) and Prometheus metrics. */
export function healthRoutes(deps: HealthDeps): GuardedRouter {
  const router = new GuardedRouter();
  // Public like a load balancer's probes and Prometheus's scrape expect; none of them shows a secret.
  router.get('/healthz', publicRoute(), (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', publicRoute(), async (ctx) => {
    try {
      await ping(deps.db);
      // A chat app that cannot connect is reported, not fatal: alerts are still stored and the
      // other apps keep working.
      // Likewise a source whose silences Alertmanager refuses: shown per source, with the reason.
      const silences = await silenceStatus(deps.db, deps.sources);
      ctx.body = { status: 'ready', database: 'ok', platforms: deps.platformStatus(), silences };
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check failed');
      ctx.status = 503;
      ctx.body = { status: 'not ready', database: 'unreachable' };
    }
  });
  router.get('/metrics', publicRoute(), async (ctx) => {
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
  return router;
}
