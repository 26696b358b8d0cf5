import type { Context } from 'koa';

const COOKIE = 'gong_flash';

/**
 * The outcome of a form, shown once on the page it redirects to (Post/Redirect/Get keeps reloads
 * harmless). A cookie, not the URL, so nobody can craft a link that shows made-up messages.
 */
export function setFlash(ctx: Context, ok: boolean, text: string): void {
  ctx.cookies.set(COOKIE, Buffer.from(JSON.stringify({ ok, text: text.slice(0, 300) })).toString('base64url'), { httpOnly: true, sameSite: 'strict', maxAge: 60_000 });
}

export function takeFlash(ctx: Context): { flash?: { ok: boolean; text: string } } {
  const value = ctx.cookies.get(COOKIE);
  if (!value) return {};
  ctx.cookies.set(COOKIE, null);
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { ok?: unknown; text?: unknown };
    return typeof parsed.text === 'string' ? { flash: { ok: parsed.ok === true, text: parsed.text } } : {};
  } catch {
    return {};
  }
}
