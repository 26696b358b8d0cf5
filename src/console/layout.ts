import type { Context } from 'koa';
import type { RouteGuard } from '../shared/guarded-router.js';
import { escapeHtml } from '../http/html.js';
import { CONSOLE_CSS } from './styles.js';

export interface LayoutOptions {
  title: string;
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
  ['incidents', '/console/incidents', 'Incidents'],
  ['chats', '/console/chats', 'Chats'],
  ['config', '/console/config', 'Routes & people'],
  ['users', '/console/users', 'Users'],
  ['stats', '/console/stats', 'Statistics'],
  ['sandbox', '/sandbox', 'Sandbox'],
] as const;

/** The console's page frame: skip link, navigation, one main landmark. */
export function layout(options: LayoutOptions, body: string): string {
  const nav = NAV.filter(([key]) => key !== 'sandbox' || options.sandbox)
    .map(([key, href, label]) => `<a href="${href}"${key === options.section ? ' aria-current="page"' : ''}>${label}</a>`)
    .join('');
  const signOut = options.csrf
    ? `<form method="post" action="/console/logout" class="signout"><input type="hidden" name="_csrf" value="${escapeHtml(options.csrf)}"><button type="submit" class="link">Sign out</button></form>`
    : '';
  const flash = options.flash
    ? `<p role="status" class="flash ${options.flash.ok ? 'ok' : 'error'}">${escapeHtml(options.flash.text)}</p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">${options.csrf ? `<meta name="csrf-token" content="${escapeHtml(options.csrf)}">` : ''}
<title>${escapeHtml(options.title)} · Gong</title><style>${CONSOLE_CSS}</style></head><body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/console">🔔 Gong</a><nav aria-label="Console">${nav}</nav>${signOut}</header>
<main id="main" tabindex="-1">${flash}${body}</main>${options.script ? `<script>${options.script}</script>` : ''}</body></html>`;
}

/** What every console page needs from the session and the running Gong. */
export interface ConsolePage {
  csrf(ctx: Context): string;
  sandbox: boolean;
  /** The guard of every console route: a live session, and its CSRF token on every change. */
  signedIn: RouteGuard;
}

/** The hidden CSRF field every console form carries. */
export function csrfField(token: string): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(token)}">`;
}
