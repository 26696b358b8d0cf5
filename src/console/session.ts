import { createHmac } from 'node:crypto';
import type { Context, Next } from 'koa';
import { sameSecret } from '../http/auth.js';
import { readForm } from './read-form.js';

const COOKIE = 'gong_session';
const LIFETIME_MS = 12 * 60 * 60_000;

/**
 * The console's sign-in: the admin token, exchanged once for an httpOnly cookie signed with a key
 * derived from that token (so changing the token signs everyone out, and nothing is stored).
 * Each session has its own CSRF token, which every form and every script request must echo
 * (SameSite=Strict already stops most cross-site posts; the token covers older browsers).
 */
export function consoleSessions(adminToken: string, now: () => number = Date.now) {
  const key = createHmac('sha256', adminToken).update('gong console session v1').digest();
  const sign = (text: string) => createHmac('sha256', key).update(text).digest('base64url');

  const current = (ctx: Context): string | undefined => {
    const value = ctx.cookies.get(COOKIE);
    const [expires, signature] = (value ?? '').split('.');
    if (!expires || !signature || !sameSecret(signature, sign(`session.${expires}`))) return undefined;
    return Number(expires) > now() ? value : undefined;
  };

  return {
    /** False when the token is wrong; then no cookie is set. */
    signIn(ctx: Context, token: string): boolean {
      if (!sameSecret(token, adminToken)) return false;
      const expires = String(now() + LIFETIME_MS);
      ctx.cookies.set(COOKIE, `${expires}.${sign(`session.${expires}`)}`, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secure,
        maxAge: LIFETIME_MS,
        overwrite: true,
      });
      return true;
    },
    signOut(ctx: Context): void {
      ctx.cookies.set(COOKIE, null, { httpOnly: true, sameSite: 'strict' });
    },
    /** The CSRF token of the signed-in session, for forms and the page's scripts. */
    csrfToken(ctx: Context): string {
      return sign(`csrf.${current(ctx) ?? ''}`);
    },
    /**
     * Lets signed-in requests through. A page request without a session goes to the sign-in form;
     * a state-changing request must also carry the session's CSRF token (form field or header).
     */
    guard() {
      return async (ctx: Context, next: Next) => {
        const session = current(ctx);
        if (!session) {
          if (ctx.method === 'GET' && !ctx.path.endsWith('/events')) return ctx.redirect(`/console/login?next=${encodeURIComponent(ctx.originalUrl)}`);
          ctx.status = 401;
          ctx.body = { error: 'sign in to the console first' };
          return;
        }
        if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
          if (ctx.is('application/x-www-form-urlencoded')) ctx.state.form = await readForm(ctx);
          const form = ctx.state.form as URLSearchParams | undefined;
          const given = ctx.get('x-csrf-token') || form?.get('_csrf');
          if (!given || !sameSecret(given, sign(`csrf.${session}`))) {
            ctx.status = 403;
            ctx.body = { error: 'the form has expired or did not come from this console; reload the page and try again' };
            return;
          }
        }
        await next();
      };
    },
  };
}

export type ConsoleSessions = ReturnType<typeof consoleSessions>;
