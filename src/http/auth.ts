import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { fail } from './http-error.js';

/** Constant-time comparison; hashing first keeps the length of the secret from leaking too. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

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
