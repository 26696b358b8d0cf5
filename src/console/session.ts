import { createHmac, randomBytes } from 'node:crypto';
import type { RouterContext } from '@koa/router';
import type { Context } from 'koa';
import { eq, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { consoleSessions } from '../db/schema.js';
import { sameSecret } from '../shared/same-secret.js';
import { type RouteGuard, routeGuard } from '../shared/guarded-router.js';
import { readForm } from '../http/read-form.js';

const COOKIE = 'gong_session';
/** A session nobody used for this long ends… */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
/** …and every session ends this long after sign-in, used or not. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60_000;
/** `last_seen_at` is written at most this often: the sandbox page polls, and each poll need not write. */
const TOUCH_EVERY_MS = 60_000;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The console's sign-in: the admin token, exchanged for a random session id in an httpOnly cookie.
 * The session lives in the database (so every instance agrees, and signing out ends it for good);
 * the table holds only a hash keyed by the admin token, so changing the token ends every session.
 * Each session has its own CSRF token, which every form and every script request must echo
 * (SameSite=Strict already stops most cross-site posts; the token covers older browsers).
 */
export function consoleSessionStore(db: Db, adminToken: string, now: () => number = Date.now) {
  const key = createHmac('sha256', adminToken).update('gong console session v2').digest();
  const hashOf = (id: string) => createHmac('sha256', key).update(`session.${id}`).digest('base64url');
  const csrfOf = (id: string) => createHmac('sha256', key).update(`csrf.${id}`).digest('base64url');
  const cookieId = (ctx: RouterContext) => {
    const id = ctx.cookies.get(COOKIE);
    return id && SESSION_ID.test(id) ? id : undefined;
  };

  /** The session id when the cookie names a live session; a dead one is deleted on the way. */
  const live = async (ctx: RouterContext): Promise<string | undefined> => {
    const id = cookieId(ctx);
    if (!id) return undefined;
    const at = now();
    const idHash = hashOf(id);
    const [row] = await db.select().from(consoleSessions).where(eq(consoleSessions.idHash, idHash));
    if (!row) return undefined;
    if (row.createdAt.getTime() <= at - SESSION_LIFETIME_MS || row.lastSeenAt.getTime() <= at - SESSION_IDLE_MS) {
      await db.delete(consoleSessions).where(eq(consoleSessions.idHash, idHash));
      return undefined;
    }
    if (at - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await db.update(consoleSessions).set({ lastSeenAt: new Date(at) }).where(eq(consoleSessions.idHash, idHash));
    }
    return id;
  };

  return {
    /** False when the token is wrong; then no session is made and no cookie set. */
    async signIn(ctx: RouterContext, token: string): Promise<boolean> {
      if (!sameSecret(token, adminToken)) return false;
      const at = now();
      // Sessions that ended without a sign-out go now: the table holds only live ones, give or take.
      await db
        .delete(consoleSessions)
        .where(or(lt(consoleSessions.lastSeenAt, new Date(at - SESSION_IDLE_MS)), lt(consoleSessions.createdAt, new Date(at - SESSION_LIFETIME_MS))));
      // A new id at every sign-in: an id planted before sign-in never becomes a session.
      const id = randomBytes(32).toString('base64url');
      await db.insert(consoleSessions).values({ idHash: hashOf(id), createdAt: new Date(at), lastSeenAt: new Date(at) });
      ctx.cookies.set(COOKIE, id, { httpOnly: true, sameSite: 'strict', secure: ctx.secure, maxAge: SESSION_LIFETIME_MS, overwrite: true });
      return true;
    },
    /** Ends the session on every instance, not just in this browser. */
    async signOut(ctx: RouterContext): Promise<void> {
      const id = cookieId(ctx);
      if (id) await db.delete(consoleSessions).where(eq(consoleSessions.idHash, hashOf(id)));
      ctx.cookies.set(COOKIE, null, { httpOnly: true, sameSite: 'strict' });
    },
    /** The CSRF token of the signed-in session (the guard found it), for forms and the page's scripts. */
    csrfToken(ctx: Context): string {
      const id = ctx.state.consoleSession as string | undefined;
      return id ? csrfOf(id) : '';
    },
    /**
     * Lets signed-in requests through. A page request without a session goes to the sign-in form;
     * a state-changing request must also carry the session's CSRF token (form field or header).
     */
    guard(): RouteGuard {
      return routeGuard('consoleSession', async (ctx, next) => {
        const session = await live(ctx);
        if (!session) {
          if ((ctx.method === 'GET' || ctx.method === 'HEAD') && !ctx.path.endsWith('/events')) return ctx.redirect(signInUrl(ctx.originalUrl));
          ctx.status = 401;
          ctx.body = { error: 'sign in to the console first' };
          return;
        }
        if (ctx.method !== 'GET' && ctx.method !== 'HEAD') {
          if (ctx.is('application/x-www-form-urlencoded')) ctx.state.form = await readForm(ctx);
          const form = ctx.state.form as URLSearchParams | undefined;
          const given = ctx.get('x-csrf-token') || form?.get('_csrf');
          if (!given || !sameSecret(given, csrfOf(session))) {
            ctx.status = 403;
            ctx.body = { error: 'the form has expired or did not come from this console; reload the page and try again' };
            return;
          }
        }
        ctx.state.consoleSession = session;
        await next();
      });
    },
  };
}

/** Longer than any console page's own URL; a longer one would make a redirect no client reads. */
const MAX_NEXT_LENGTH = 2_048;

/** The sign-in form, coming back to the page asked for when that is a sensible address. */
export function signInUrl(originalUrl: string): string {
  return originalUrl.length <= MAX_NEXT_LENGTH ? `/console/login?next=${encodeURIComponent(originalUrl)}` : '/console/login';
}

/** The form the session guard already read (it needs the CSRF field before the route runs). */
export function formOf(ctx: Context): URLSearchParams {
  return (ctx.state.form as URLSearchParams | undefined) ?? new URLSearchParams();
}
