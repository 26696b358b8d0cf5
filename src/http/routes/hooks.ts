import Router from '@koa/router';
import type { GongContext } from '../../context.js';
import { parsePayload } from '../../sources/parse-payload.js';
import { requireToken } from '../auth.js';
import { fail } from '../http-error.js';
import { readJson } from '../read-json.js';

/** `POST /hooks/:source`: where Alertmanager, Grafana and anything else send alerts. */
export function hookRoutes(gong: GongContext): Router {
  const router = new Router();
  router.post('/hooks/:source', async (ctx) => {
    const source = gong.config.sources.find((s) => s.name === ctx.params.source);
    if (!source) fail(404, `no source named "${ctx.params.source}"`);
    requireToken(ctx, source.token);
    const body = await readJson(ctx);
    const parsed = parsePayload(source.type, body);
    if (!parsed.ok) fail(400, parsed.error);
    const result = await gong.alerts.ingest(source.name, parsed.alerts);
    ctx.body = { received: parsed.alerts.length, ...result };
  });
  return router;
}
