import { createHash } from 'node:crypto';
import type { Middleware } from 'koa';
import { PAGE_CSS } from './html.js';

/**
 * The only inline style and script blocks Gong's pages have: the pages' own (the console hands
 * over its blocks with its routes). The policy allows exactly these (by hash), so markup that
 * slipped past escaping cannot run a script or restyle a page. A new inline block must be handed
 * over with its routes, or browsers refuse it.
 */
export interface InlineBlocks {
  styles?: readonly string[];
  scripts?: readonly string[];
}

const hashes = (blocks: readonly string[]) => blocks.map((block) => `'sha256-${createHash('sha256').update(block).digest('base64')}'`).join(' ');

/** The policy allowing the given inline blocks and the action pages' style, and nothing else inline. */
function contentSecurityPolicy(inline: readonly InlineBlocks[]): string {
  return [
    "default-src 'none'",
    `style-src ${hashes([...inline.flatMap((blocks) => blocks.styles ?? []), PAGE_CSS])}`,
    `script-src ${hashes(inline.flatMap((blocks) => blocks.scripts ?? []))}`,
    // The sandbox page's fetch() and EventSource.
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * On every answer, pages and JSON alike: no framing (clickjacking a Resolve button), no MIME
 * sniffing, and no Referer, since console and action-link URLs can carry tokens.
 */
export function securityHeaders(inline: readonly InlineBlocks[]): Middleware {
  const policy = contentSecurityPolicy(inline);
  return async (ctx, next) => {
    ctx.set({
      'Content-Security-Policy': policy,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    await next();
  };
}
