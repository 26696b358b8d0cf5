import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkAnswer } from '../../platforms/transport.js';

/** What a submitted action link answered, carried to its result page (POST → 303 → GET). */
export interface ActionResult {
  status: LinkAnswer['status'];
  message: string;
}

const STATUSES: ReadonlySet<string> = new Set<LinkAnswer['status']>(['done', 'refused', 'notFound', 'invalid']);
const MAX_MESSAGE = 1000;

/**
 * The result rides in the redirect's URL, signed for this one link: reloading the page shows it
 * again without acting again, and nobody can make Gong's page say something Gong did not.
 */
export function signActionResult(result: ActionResult, linkToken: string, key: string): string {
  const body = Buffer.from(JSON.stringify({ s: result.status, m: result.message.slice(0, MAX_MESSAGE) })).toString('base64url');
  return `${body}.${mac(body, linkToken, key)}`;
}

export function verifyActionResult(signed: string, linkToken: string, key: string): ActionResult | undefined {
  const [body, signature, ...rest] = signed.split('.');
  if (!body || !signature || rest.length > 0) return undefined;
  const expected = Buffer.from(mac(body, linkToken, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { s?: unknown; m?: unknown };
    return typeof parsed.s === 'string' && STATUSES.has(parsed.s) && typeof parsed.m === 'string'
      ? { status: parsed.s as ActionResult['status'], message: parsed.m }
      : undefined;
  } catch {
    return undefined;
  }
}

// Its own purpose in the MAC's input: a result can never pass as a link, nor a link as a result.
function mac(body: string, linkToken: string, key: string): string {
  return createHmac('sha256', key).update(`gong action result v1\n${linkToken}\n${body}`).digest('base64url');
}
