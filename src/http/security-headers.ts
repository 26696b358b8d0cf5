import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import { SANDBOX_SCRIPT } from '../console/sandbox-page.js';
import { CONSOLE_CSS } from '../console/styles.js';
import { PAGE_CSS } from './html.js';

/**
 * The only inline style and script blocks Gong's pages have. The policy allows exactly these (by
 * hash), so markup that slipped past escaping cannot run a script or restyle a page. A new inline
 * block must be added here, or browsers refuse it.
 */
const INLINE_STYLES = [CONSOLE_CSS, PAGE_CSS];
const INLINE_SCRIPTS = [SANDBOX_SCRIPT];

const hashes = (blocks: string[]) => blocks.map((block) => `'sha256-${createHash('sha256').update(block).digest('base64')}'`).join(' ');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${hashes(INLINE_STYLES)}`,
  `script-src ${hashes(INLINE_SCRIPTS)}`,
  // The sandbox page's fetch() and EventSource.
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * On every answer, pages and JSON alike: no framing (clickjacking a Resolve button), no MIME
 * sniffing, and no Referer, since console and action-link URLs can carry tokens.
 */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    await next();
  };
}
