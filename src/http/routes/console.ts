import { consoleSessionStore } from '../../console/session.js';
import { type ConsolePage, layout } from '../../console/layout.js';
import { GuardedRouter, publicRoute } from '../../shared/guarded-router.js';
import { escapeHtml } from '../html.js';
import { readForm } from '../../console/read-form.js';
import type { GongContext } from '../../context.js';
import { consoleAlertRoutes } from './console-alerts.js';
import { consoleChatRoutes } from './console-chats.js';
import { consoleConfigRoutes } from './console-config.js';
import { consoleStatsRoutes } from './console-stats.js';
import { consoleUserRoutes } from './console-users.js';

/** The web console under `/console`: sign in with the admin token, then every page needs the session. */
export function consoleRoutes(gong: GongContext): GuardedRouter[] {
  const sessions = consoleSessionStore(gong.database.db, gong.config.server.adminToken);
  const router = new GuardedRouter();

  router.get('/', publicRoute(), (ctx) => ctx.redirect('/console'));
  router.get('/console/login', publicRoute(), (ctx) => {
    ctx.type = 'html';
    ctx.body = loginPage(safeNext(ctx.query.next));
  });
  router.post('/console/login', publicRoute(), async (ctx) => {
    const form = await readForm(ctx);
    const next = safeNext(form.get('next'));
    if (!(await sessions.signIn(ctx, form.get('token')?.trim() ?? ''))) {
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = loginPage(next, 'That is not the admin token.');
      return;
    }
    ctx.redirect(next);
  });

  const pages = new GuardedRouter('/console');
  const page: ConsolePage = { csrf: (ctx) => sessions.csrfToken(ctx), sandbox: gong.config.sandbox, signedIn: sessions.guard() };
  pages.post('/logout', page.signedIn, async (ctx) => {
    await sessions.signOut(ctx);
    ctx.redirect('/console/login');
  });
  consoleAlertRoutes(pages, gong, page);
  consoleChatRoutes(pages, gong, page);
  consoleConfigRoutes(pages, gong, page);
  consoleStatsRoutes(pages, gong, page);
  consoleUserRoutes(pages, gong, page);
  return [router, pages];
}

/** Only a path on this site: an open redirect after sign-in would make a phishing link. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/console';
}

function loginPage(next: string, error?: string): string {
  return layout(
    { title: 'Sign in', ...(error && { flash: { ok: false, text: error } }) },
    `<h1>Sign in to Gong</h1>
<form method="post" action="/console/login" class="panel">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="token">Admin token <span class="hint">(server.adminToken in gong.yaml; a generated one is printed by
<code>node -p "require('./data/secrets.json').adminToken"</code>)</span></label>
<input id="token" name="token" type="password" required autocomplete="current-password" autofocus>
<p><button type="submit" class="primary">Sign in</button></p></form>`,
  );
}
