import type { RouterContext } from '@koa/router';
import type { AlertService } from '../../alerts/service.js';
import type { ChatRegistry } from '../../chats/chat-registry.js';
import { type ActionLinkClaims, actionLinkKey, verifyActionLink } from '../../domain/action-link.js';
import type { chatWords } from '../../interactions/chat-words.js';
import type { Dispatch, LinkAnswer } from '../../platforms/transport.js';
import { buildAlertView, formatTime, type ViewOptions } from '../../cards/alert-view.js';
import type { AlertRow } from '../../db/alert-json.js';
import { readForm } from '../read-form.js';
import { clipText } from '../../shared/storable-text.js';
import { GuardedRouter, type RouteGuard, routeGuard } from '../../shared/guarded-router.js';
import { escapeHtml, page } from '../html.js';
import { HttpError } from '../http-error.js';
import { type ActionPageWords, actionPageWords } from './action-page-words.js';
import { signActionResult, verifyActionResult } from './action-result.js';

/** The name typed last, remembered for the next link (a year). Percent-encoded: a cookie holds ASCII only. */
const ACTOR_COOKIE = 'gong_actor';
const ACTOR_COOKIE_MS = 365 * 86_400_000;
const MAX_ACTOR_LENGTH = 100;
const CONTROL = /\p{Cc}/u;

/** The remembered name, only when it is one the form would take as it is; anything else is forgotten. */
export function rememberedActor(value: string | undefined): string {
  let name: string;
  try {
    name = decodeURIComponent(value ?? '');
  } catch {
    return '';
  }
  return name === name.trim() && !CONTROL.test(name) && clipText(name, MAX_ACTOR_LENGTH) === name ? name : '';
}

/** The form, or the refusal (a field that cannot be stored, a body too large) as the person's page. */
async function readLinkForm(ctx: RouterContext): Promise<URLSearchParams | HttpError> {
  try {
    return await readForm(ctx, 16_384);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
}

export interface ActionLinkDeps {
  adminToken: string;
  alerts: Pick<AlertService, 'get'>;
  chats: Pick<ChatRegistry, 'get'>;
  /** Performs the link's action: the handlers every click and command goes through. */
  dispatch: Dispatch;
  /** The words of a click's answer in the named chat (Gong's own for none). */
  words: (chat: string | undefined) => ReturnType<typeof chatWords>;
}

const PLATFORM_OF_CHAT: Record<string, 'dingtalk' | 'lark' | 'wecom'> = {
  'dingtalk-webhook': 'dingtalk',
  dingtalk: 'dingtalk',
  'lark-webhook': 'lark',
  lark: 'lark',
  'wecom-webhook': 'wecom',
};

const LINK_STATUS: Record<LinkAnswer['status'], number> = { done: 200, refused: 409, notFound: 404, invalid: 400 };

/**
 * `/a/<token>`: GET only shows what the link would do (link-preview crawlers fetch URLs, and must
 * never acknowledge anything); the form's POST performs it. The page speaks the language of the
 * chat the link was posted in (`click.<locale>.txt` of its set); a link that does not verify has
 * no chat, so it gets the configured language.
 */
export function actionLinkRoutes(deps: ActionLinkDeps): GuardedRouter {
  const router = new GuardedRouter();
  const signed = actionLinkSignatureGuard(deps);
  const key = actionLinkKey(deps.adminToken);

  const load = async (ctx: RouterContext) => {
    const claims = ctx.state.actionLink as ActionLinkClaims;
    const words = deps.words(claims.chat);
    const alert = await deps.alerts.get(claims.alertId);
    if (!alert) return { error: words.say({ kind: 'notFound', alertId: claims.alertId }), lang: words.options.locale } as const;
    return { claims, alert, words } as const;
  };

  router.get('/a/:token', signed, async (ctx) => {
    const found = await load(ctx);
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    if ('error' in found) {
      ctx.status = 404;
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(found.error!)}</h1>`, found.lang);
      return;
    }
    const { claims, alert, words } = found;
    const t = actionPageWords(words.options.locale);
    const view = buildAlertView(alert, words.options);
    const what = words.say({ kind: 'confirm', action: claims.action, ...(claims.args.duration && { duration: claims.args.duration }) });
    const remembered = rememberedActor(ctx.cookies.get(ACTOR_COOKIE));
    const happened = alreadyHappened(alert, words.options, t);
    ctx.body = page(
      `${what} #${alert.id}`,
      `<h1>${escapeHtml(view.severityEmoji)} #${alert.id} ${escapeHtml(alert.title)}</h1>
<p class="muted">${happened.length ? '' : `${escapeHtml(view.statusLine)} · `}${escapeHtml(view.source)} · ${escapeHtml(view.startedAt)}</p>
${view.summary ? `<p class="summary">${escapeHtml(view.summary)}</p>` : ''}
${happened.length ? `<div class="stale" role="status"><p>${escapeHtml(t('action.since'))}</p><ul>${happened.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></div>` : ''}
<form method="post"><label for="actor">${escapeHtml(words.say({ kind: 'askName' }))}</label>
<input id="actor" name="actor" required maxlength="${MAX_ACTOR_LENGTH}" autocomplete="name" value="${escapeHtml(remembered)}"${remembered ? ' aria-describedby="remembered"' : ''}>
${remembered ? `<p class="hint" id="remembered">${escapeHtml(t('action.remembered'))}</p>` : ''}
<button type="submit">${escapeHtml(what)}</button></form>
<p class="hint">${escapeHtml(t('action.zone', { zone: words.options.timeZone }))}</p>`,
      words.options.locale,
    );
  });

  router.post('/a/:token', signed, async (ctx) => {
    const found = await load(ctx);
    ctx.type = 'html';
    if ('error' in found) {
      ctx.status = 404;
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(found.error!)}</h1>`, found.lang);
      return;
    }
    const form = await readLinkForm(ctx);
    if (form instanceof HttpError) {
      ctx.status = form.status;
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(form.message)}</h1>`, found.words.options.locale);
      return;
    }
    const actor = clipText((form.get('actor') ?? '').trim(), MAX_ACTOR_LENGTH);
    if (!actor) {
      ctx.status = 400;
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(found.words.say({ kind: 'needName' }))}</h1>`, found.words.options.locale);
      return;
    }
    const { claims } = found;
    const chat = deps.chats.get(claims.chat)?.chat;
    const answer = await deps.dispatch({
      kind: 'link',
      platform: PLATFORM_OF_CHAT[chat?.type ?? ''],
      actor: { name: actor },
      target: { chat: claims.chat, alertId: claims.alertId },
      action: claims.action,
      args: claims.args,
    });
    // The name is remembered once it was used (an action the link cannot perform used none).
    // Nothing here can fail any more: an error page over a changed alert is the worst answer.
    if (answer.status !== 'invalid') {
      ctx.cookies.set(ACTOR_COOKIE, encodeURIComponent(actor), { httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: ACTOR_COOKIE_MS, overwrite: true });
    }
    // Redirect after POST: reloading the result page shows the result again and acts no more.
    const token = ctx.params.token ?? '';
    ctx.status = 303;
    ctx.set('Location', `/a/${token}/done?r=${signActionResult({ status: answer.status, message: answer.message }, token, key)}`);
    ctx.body = '';
  });

  router.get('/a/:token/done', signed, (ctx) => {
    const words = deps.words((ctx.state.actionLink as ActionLinkClaims).chat);
    const result = verifyActionResult(typeof ctx.query.r === 'string' ? ctx.query.r : '', ctx.params.token ?? '', key);
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    if (!result) {
      ctx.status = 404;
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(words.say({ kind: 'linkInvalid' }))}</h1>`, words.options.locale);
      return;
    }
    const t = actionPageWords(words.options.locale);
    ctx.status = LINK_STATUS[result.status];
    ctx.body = result.status === 'done'
      ? page('Gong', `<h1 class="ok" role="status">${escapeHtml(result.message)}</h1><p>${escapeHtml(words.say({ kind: 'updating' }))}</p><p class="hint">${escapeHtml(t('action.close'))}</p>`, words.options.locale)
      : page('Gong', `<h1 class="error" role="status">${escapeHtml(result.message)}</h1>`, words.options.locale);
  });
  return router;
}

/**
 * What changed since the link was posted, as a person would say it: who acknowledged or resolved
 * it and when, who has it, how long it sleeps; times in the chat's time zone.
 */
function alreadyHappened(alert: AlertRow, options: ViewOptions, t: ActionPageWords): string[] {
  const now = options.now ?? new Date();
  const today = formatTime(now, options.timeZone).slice(0, 10);
  const when = (date: Date | null) => {
    if (!date) return '?';
    const time = formatTime(date, options.timeZone);
    return time.startsWith(today) ? time.slice(11) : time;
  };
  const who = (name: string | null) => name || t('action.someone');
  const lines: string[] = [];
  if (alert.state === 'resolved') lines.push(t('action.resolved', { who: who(alert.resolvedBy), time: when(alert.resolvedAt) }));
  else if (alert.state === 'acknowledged') lines.push(t('action.acknowledged', { who: who(alert.acknowledgedBy), time: when(alert.acknowledgedAt) }));
  if (alert.assignee) lines.push(t('action.assigned', { who: alert.assignee }));
  if (alert.state !== 'resolved' && alert.snoozedUntil && alert.snoozedUntil > now) lines.push(t('action.snoozed', { time: when(alert.snoozedUntil) }));
  return lines;
}

/**
 * `/a/<token>` opens only with a link Gong signed (with a key derived from the admin token) that
 * has not expired; anything else gets the "invalid link" page in the configured language.
 */
function actionLinkSignatureGuard(deps: ActionLinkDeps): RouteGuard {
  const key = actionLinkKey(deps.adminToken);
  return routeGuard('actionLinkSignature', async (ctx, next) => {
    const verified = verifyActionLink(ctx.params.token ?? '', key);
    if (!verified.ok) {
      const words = deps.words(undefined);
      ctx.status = 404;
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(words.say({ kind: verified.reason === 'expired' ? 'linkExpired' : 'linkInvalid' }))}</h1>`, words.options.locale);
      return;
    }
    ctx.state.actionLink = verified.claims;
    await next();
  });
}
