import type { RouterContext } from '@koa/router';
import type { AlertService } from '../../alerts/service.js';
import type { ChatRegistry } from '../../chats/chat-registry.js';
import { type ActionLinkClaims, actionLinkKey, verifyActionLink } from '../../domain/action-link.js';
import type { chatWords } from '../../interactions/chat-words.js';
import type { Dispatch, LinkAnswer } from '../../platforms/transport.js';
import { buildAlertView } from '../../cards/alert-view.js';
import { readForm } from '../read-form.js';
import { clipText } from '../../shared/storable-text.js';
import { GuardedRouter, type RouteGuard, routeGuard } from '../../shared/guarded-router.js';
import { escapeHtml, page } from '../html.js';
import { HttpError } from '../http-error.js';

/** The name typed last, remembered for the next link. Percent-encoded: a cookie holds ASCII only. */
const ACTOR_COOKIE = 'gong_actor';
const MAX_ACTOR_LENGTH = 100;

function rememberedActor(value: string | undefined): string {
  try {
    return decodeURIComponent(value ?? '');
  } catch {
    return '';
  }
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
    const view = buildAlertView(alert, words.options);
    const what = words.say({ kind: 'confirm', action: claims.action, ...(claims.args.duration && { duration: claims.args.duration }) });
    ctx.body = page(
      `${what} #${alert.id}`,
      `<h1>${escapeHtml(view.severityEmoji)} #${alert.id} ${escapeHtml(alert.title)}</h1>
<p class="muted">${escapeHtml(view.statusLine)} · ${escapeHtml(view.source)} · ${escapeHtml(view.startedAt)}</p>
${view.summary ? `<p>${escapeHtml(view.summary)}</p>` : ''}
<form method="post"><label for="actor">${escapeHtml(words.say({ kind: 'askName' }))}</label>
<input id="actor" name="actor" required maxlength="${MAX_ACTOR_LENGTH}" autocomplete="name" value="${escapeHtml(rememberedActor(ctx.cookies.get(ACTOR_COOKIE)))}">
<button type="submit">${escapeHtml(what)}</button></form>`,
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
    const { claims, words } = found;
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
    if (answer.status !== 'invalid') ctx.cookies.set(ACTOR_COOKIE, encodeURIComponent(actor), { httpOnly: true, sameSite: 'strict', maxAge: 365 * 86_400_000 });
    ctx.status = LINK_STATUS[answer.status];
    ctx.body = answer.status === 'done'
      ? page('Gong', `<h1 class="ok">${escapeHtml(answer.message)}</h1><p>${escapeHtml(words.say({ kind: 'updating' }))}</p>`, words.options.locale)
      : page('Gong', `<h1 class="error">${escapeHtml(answer.message)}</h1>`, words.options.locale);
  });
  return router;
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
