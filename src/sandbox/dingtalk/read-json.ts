import getRawBody from 'raw-body';
import type { Context } from 'koa';

/** Parses the request body as JSON; `undefined` when it is absent or not JSON (each API words that differently). */
export async function readJson(ctx: Context): Promise<unknown> {
  const raw = await getRawBody(ctx.req, { limit: '1mb', encoding: 'utf8' });
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
