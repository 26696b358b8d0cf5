import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import { CONSOLE_CSS } from '../../../src/console/styles.js';
import { SANDBOX_SCRIPT } from '../../../src/console/sandbox-page.js';
import { PAGE_CSS } from '../../../src/http/html.js';
import { type InlineBlocks, securityHeaders } from '../../../src/http/security-headers.js';

const hash = (block: string) => `'sha256-${createHash('sha256').update(block).digest('base64')}'`;

async function policy(inline: InlineBlocks[]): Promise<string> {
  const headers: Record<string, string> = {};
  const ctx = { set: (values: Record<string, string>) => Object.assign(headers, values) } as unknown as Context;
  await securityHeaders(inline)(ctx, async () => {});
  return headers['Content-Security-Policy']!;
}

describe('the Content-Security-Policy', () => {
  it('allows the inline blocks handed over with the routes, and the action pages’ style', async () => {
    const csp = await policy([{ styles: [CONSOLE_CSS], scripts: [SANDBOX_SCRIPT] }]);
    expect(csp).toContain(`style-src ${hash(CONSOLE_CSS)} ${hash(PAGE_CSS)};`);
    expect(csp).toContain(`script-src ${hash(SANDBOX_SCRIPT)};`);
  });

  it('allows no inline script nobody handed over', async () => {
    const csp = await policy([]);
    expect(csp).toContain(`style-src ${hash(PAGE_CSS)};`);
    expect(csp).not.toContain(hash(SANDBOX_SCRIPT));
    expect(csp).not.toContain(hash(CONSOLE_CSS));
  });
});
