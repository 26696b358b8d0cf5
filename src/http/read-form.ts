import type { Context } from 'koa';
import getRawBody from 'raw-body';
import { fail } from './http-error.js';
import { findUnstorableField, UNSTORABLE_MESSAGE } from '../shared/storable-text.js';

/**
 * A URL-encoded form body; small, since forms are. Any Unicode is welcome; a field Postgres could
 * not store (`%00`) is refused here with a 400 naming it, before anything acts on the form.
 */
export async function readForm(ctx: Context, limit = 65_536): Promise<URLSearchParams> {
  const form = new URLSearchParams(await getRawBody(ctx.req, { limit, encoding: 'utf8' }));
  const unstorable = findUnstorableField(form);
  if (unstorable !== undefined) fail(400, `${unstorable}: ${UNSTORABLE_MESSAGE}`);
  return form;
}
