import type { Context } from 'koa';
import type { RouteGuard } from '../shared/guarded-router.js';
import { escapeHtml } from '../http/html.js';
import { CONSOLE_CSS } from './styles.js';
import { CONSOLE_LOCALES, type Words } from './words.js';

export interface LayoutOptions {
  title: string;
  /** The language the page speaks (see words.ts). */
  words: Words;
  /** This page's path: the language switch comes back to it. */
  path?: string;
  /** Which nav entry is current. */
  section?: 'incidents' | 'chats' | 'config' | 'users' | 'stats' | 'sandbox';
  csrf?: string;
  /** Whether this Gong runs the sandbox (adds its nav entry). */
  sandbox?: boolean;
  /** A one-line result of the last form, shown politely to screen readers. */
  flash?: { ok: boolean; text: string };
  /** Page script (the sandbox's; its hash goes to the content policy with the console's routes, see routes/console.ts); every other page works without JavaScript. */
  script?: string;
}

const NAV = [
  ['incidents', '/console/incidents'],
  ['chats', '/console/chats'],
  ['config', '/console/config'],
  ['users', '/console/users'],
  ['stats', '/console/stats'],
  ['sandbox', '/sandbox'],
] as const;

/** The console's page frame: skip link, navigation, one main landmark. */
export function layout(options: LayoutOptions, body: string): string {
  const { t, locale } = options.words;
  const nav = NAV.filter(([key]) => key !== 'sandbox' || options.sandbox)
    .map(([key, href]) => `<a href="${href}"${key === options.section ? ' aria-current="page"' : ''}>${escapeHtml(t(`layout.${key}`))}</a>`)
    .join('');
  const signOut = options.csrf
    ? `<form method="post" action="/console/logout" class="signout"><input type="hidden" name="_csrf" value="${escapeHtml(options.csrf)}"><button type="submit" class="link">${escapeHtml(t('layout.signOut'))}</button></form>`
    : '';
  const other = CONSOLE_LOCALES.find((candidate) => candidate !== locale)!;
  const back = options.path ? `?back=${encodeURIComponent(options.path)}` : '';
  const language = `<a class="language" href="/console/language/${other}${back}" hreflang="${other}" lang="${other}" title="${escapeHtml(t('layout.language'))}">${escapeHtml(t('layout.otherLanguage'))}</a>`;
  const flash = options.flash
    ? `<p role="status" class="flash ${options.flash.ok ? 'ok' : 'error'}">${escapeHtml(options.flash.text)}</p>`
    : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">${options.csrf ? `<meta name="csrf-token" content="${escapeHtml(options.csrf)}">` : ''}
<title>${escapeHtml(options.title)} · Gong</title><style>${CONSOLE_CSS}</style></head><body>
<a class="skip" href="#main">${escapeHtml(t('layout.skip'))}</a>
<header class="top"><a class="brand" href="/console">🔔 Gong</a><nav aria-label="${escapeHtml(t('layout.navLabel'))}">${nav}</nav>${language}${signOut}</header>
<main id="main" tabindex="-1">${flash}${body}</main>${options.script ? `<script>${options.script}</script>` : ''}</body></html>`;
}

/** What every console page needs from the session and the running Gong. */
export interface ConsolePage {
  csrf(ctx: Context): string;
  /** The language this request is answered in: the person's choice, else the configured `locale`. */
  words(ctx: Context): Words;
  sandbox: boolean;
  /** The guard of every console route: a live session, and its CSRF token on every change. */
  signedIn: RouteGuard;
}

/** The hidden CSRF field every console form carries. */
export function csrfField(token: string): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(token)}">`;
}
