import type { AlertService } from '../../alerts/service.js';
import type { ChatRegistry } from '../../chats/chat-registry.js';
import type { DeliveryStatuses } from '../../delivery/delivery-status.js';
import type { RuntimeConfig } from '../../config/runtime-config.js';
import type { Db } from '../../db/client.js';
import type { SendTestMessage } from '../../delivery/test-message.js';
import type { MountedRoutes } from '../../http/app.js';
import type { AppStatus } from '../../platforms/platform-runtime.js';
import { consoleSessionStore } from '../session.js';
import { type ConsolePage, layout } from '../layout.js';
import { SANDBOX_SCRIPT } from '../sandbox-page.js';
import { CONSOLE_CSS } from '../styles.js';
import { type Words, LOCALE_COOKIE, isConsoleLocale, wordsOf } from '../words.js';
import { GuardedRouter, publicRoute } from '../../shared/guarded-router.js';
import { escapeHtml } from '../../http/html.js';
import { readForm } from '../../http/read-form.js';
import { consoleAlertRoutes } from './alerts.js';
import { consoleIncidentRoutes } from './incidents.js';
import { consoleChatRoutes } from './chats.js';
import { consoleConfigRoutes } from './config.js';
import { consoleStatsRoutes } from './stats.js';
import { consoleUserRoutes } from './users.js';

/** What the console's pages show and change, built completely by the composition root. */
export interface ConsoleDeps {
  config: RuntimeConfig;
  db: Db;
  alerts: AlertService;
  chats: ChatRegistry;
  deliveries: DeliveryStatuses;
  sendTestMessage: SendTestMessage;
  /** Each chat platform app's connection state. */
  platformStatus: () => AppStatus[];
}

/**
 * The web console under `/console`: sign in with the admin token, then every page needs the
 * session. Its pages' inline style and the sandbox page's script go to the app's content policy.
 */
export function consoleRoutes(deps: ConsoleDeps): MountedRoutes {
  const { config } = deps;
  const sessions = consoleSessionStore(deps.db, config.server.adminToken);
  const router = new GuardedRouter();

  router.get('/', publicRoute(), (ctx) => ctx.redirect('/console'));
  const words = (ctx: Parameters<typeof wordsOf>[0]) => wordsOf(ctx, config.locale);
  const secretsFile = `${config.dataDir}/secrets.json`;
  router.get('/console/login', publicRoute(), (ctx) => {
    ctx.type = 'html';
    ctx.body = loginPage(words(ctx), secretsFile, safeNext(ctx.query.next));
  });
  // Anyone may choose the language, before signing in too: it is a preference kept in their browser.
  router.get('/console/language/:locale', publicRoute(), (ctx) => {
    const locale = ctx.params.locale;
    if (!isConsoleLocale(locale)) {
      ctx.status = 404;
      ctx.body = { error: `language: expected one of zh-CN, en` };
      return;
    }
    ctx.cookies.set(LOCALE_COOKIE, locale, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400_000, overwrite: true });
    ctx.redirect(safeNext(ctx.query.back));
  });
  router.post('/console/login', publicRoute(), async (ctx) => {
    const form = await readForm(ctx);
    const next = safeNext(form.get('next'));
    if (!(await sessions.signIn(ctx, form.get('token')?.trim() ?? ''))) {
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = loginPage(words(ctx), secretsFile, next, true);
      return;
    }
    ctx.redirect(next);
  });

  const pages = new GuardedRouter('/console');
  const page: ConsolePage = { csrf: (ctx) => sessions.csrfToken(ctx), words, sandbox: config.sandbox, signedIn: sessions.guard() };
  pages.post('/logout', page.signedIn, async (ctx) => {
    await sessions.signOut(ctx);
    ctx.redirect('/console/login');
  });
  consoleIncidentRoutes(pages, deps, page);
  consoleAlertRoutes(pages, page);
  consoleChatRoutes(pages, { ...deps, timezone: config.timezone }, page);
  consoleConfigRoutes(pages, deps, page);
  consoleStatsRoutes(pages, { db: deps.db, timezone: config.timezone }, page);
  consoleUserRoutes(pages, deps, page);
  return { routers: [router, pages], inline: { styles: [CONSOLE_CSS], scripts: [SANDBOX_SCRIPT] } };
}

/** Only a path on this site: an open redirect after sign-in would make a phishing link. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\s\\]*$/.test(value) ? value : '/console';
}

function loginPage(words: Words, secretsFile: string, next: string, wrongToken = false): string {
  const { t } = words;
  return layout(
    { title: t('login.title'), words, path: `/console/login?next=${encodeURIComponent(next)}`, ...(wrongToken && { flash: { ok: false, text: t('login.wrongToken') } }) },
    `<h1>${escapeHtml(t('login.heading'))}</h1>
<form method="post" action="/console/login" class="panel">
<input type="hidden" name="next" value="${escapeHtml(next)}">
<label for="token">${escapeHtml(t('login.token'))} <span class="hint">(${escapeHtml(t('login.tokenHint', { file: secretsFile }))})</span></label>
<input id="token" name="token" type="password" required autocomplete="current-password" autofocus>
<p><button type="submit" class="primary">${escapeHtml(t('login.submit'))}</button></p></form>`,
  );
}
