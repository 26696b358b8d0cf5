import type { Context } from 'koa';
import getRawBody from 'raw-body';

/** A URL-encoded form body; small, since console forms are. */
export async function readForm(ctx: Context): Promise<URLSearchParams> {
  return new URLSearchParams(await getRawBody(ctx.req, { limit: 65_536, encoding: 'utf8' }));
}

/** The form the session guard already read (it needs the CSRF field before the route runs). */
export function formOf(ctx: Context): URLSearchParams {
  return (ctx.state.form as URLSearchParams | undefined) ?? new URLSearchParams();
}
