import type { Context } from 'koa';
import type { SourceConfig } from '../config/schema.js';
import { type RouteGuard, routeGuard } from '../shared/guarded-router.js';
import { fail } from './http-error.js';
import { sameSecret } from '../shared/same-secret.js';


/** `Authorization: Bearer …` (what Alertmanager's http_config sends), else `?token=`. */
export function presentedToken(ctx: Context): string | undefined {
  const header = ctx.get('authorization');
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (match) return match[1]!.trim();
  const query = ctx.query.token;
  return typeof query === 'string' ? query : undefined;
}

export function requireToken(ctx: Context, expected: string): void {
  const token = presentedToken(ctx);
  if (!token || !sameSecret(token, expected)) {
    ctx.set('WWW-Authenticate', 'Bearer');
    fail(401, 'missing or wrong token');
  }
}

/** The REST API: the admin token, as a bearer header (or `?token=`). */
export function adminTokenGuard(adminToken: string): RouteGuard {
  return routeGuard('adminToken', (ctx, next) => {
    requireToken(ctx, adminToken);
    return next();
  });
}

/** `/hooks/:source`: that source's own token, so one leaked token opens one hook and nothing else. */
export function sourceTokenGuard(sources: readonly SourceConfig[]): RouteGuard {
  return routeGuard('sourceToken', (ctx, next) => {
    const source = sources.find((s) => s.name === ctx.params.source);
    if (!source) fail(404, `no source named "${ctx.params.source}"`);
    requireToken(ctx, source.token);
    ctx.state.source = source;
    return next();
  });
}
