import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { findUnstorableText, UNSTORABLE_MESSAGE } from '../shared/storable-text.js';
import { fail } from './http-error.js';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON body with exact HTTP errors: 415 when it is not JSON, 413 past 1 MiB (raw-body
 * stops reading there, so a huge body never sits in memory), 400 when it does not parse.
 */
export async function readJson(ctx: Context, limit = MAX_BODY_BYTES): Promise<unknown> {
  if (!ctx.is('application/json', '+json')) {
    fail(415, 'expected a JSON body (Content-Type: application/json)');
  }
  const text = await getRawBody(ctx.req, { limit, encoding: 'utf8', length: ctx.get('content-length') || undefined });
  if (text.trim() === '') fail(400, 'the request body is empty; expected JSON');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    fail(400, `the body is not valid JSON: ${(error as Error).message}`);
  }
  const unstorable = findUnstorableText(body);
  if (unstorable) fail(400, `${unstorable}: ${UNSTORABLE_MESSAGE}`);
  return body;
}
