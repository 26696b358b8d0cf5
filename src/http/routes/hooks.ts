import type { GongContext } from '../../context.js';
import type { SourceConfig } from '../../config/schema.js';
import { parsePayload } from '../../sources/parse-payload.js';
import { sourceTokenGuard } from '../auth.js';
import { GuardedRouter } from '../guarded-router.js';
import { fail } from '../http-error.js';
import { readJson } from '../read-json.js';

/** `POST /hooks/:source`: where Alertmanager, Grafana and anything else send alerts. */
export function hookRoutes(gong: GongContext): GuardedRouter {
  return new GuardedRouter().post('/hooks/:source', sourceTokenGuard(gong.config.sources), async (ctx) => {
    const source = ctx.state.source as SourceConfig;
    const body = await readJson(ctx);
    const parsed = parsePayload(source.type, body);
    if (!parsed.ok) fail(400, parsed.error);
    const result = await gong.alerts.ingest(source.name, parsed.alerts);
    ctx.body = { received: parsed.alerts.length, ...result };
  });
}
