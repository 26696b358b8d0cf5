import Router from '@koa/router';
import getRawBody from 'raw-body';
import type { GongContext } from '../../context.js';
import { parseAction } from '../../domain/parse-action.js';
import { actionLinkKey, verifyActionLink } from '../../interactions/action-link.js';
import { escapeHtml, page } from '../html.js';

const PLATFORM_OF_CHAT: Record<string, 'dingtalk' | 'lark' | 'wecom'> = {
  'dingtalk-webhook': 'dingtalk',
  dingtalk: 'dingtalk',
  'lark-webhook': 'lark',
  lark: 'lark',
  'wecom-webhook': 'wecom',
};

/**
 * `/a/<token>`: GET only shows what the link would do (link-preview crawlers fetch URLs, and must
 * never acknowledge anything); the form's POST performs it.
 */
export function actionLinkRoutes(gong: GongContext): Router {
  const router = new Router();
  const key = actionLinkKey(gong.config.server.adminToken);

  const load = async (token: string) => {
    const verified = verifyActionLink(token, key);
    if (!verified.ok) return { error: verified.reason === 'expired' ? 'This link has expired.' : 'This link is not valid.' } as const;
    const alert = await gong.alerts.get(verified.claims.alertId);
    if (!alert) return { error: `Alert #${verified.claims.alertId} no longer exists.` } as const;
    return { claims: verified.claims, alert } as const;
  };

  router.get('/a/:token', async (ctx) => {
    const found = await load(ctx.params.token ?? '');
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    if ('error' in found) {
      ctx.status = 404;
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(found.error!)}</h1>`);
      return;
    }
    const { claims, alert } = found;
    const view = gong.views(alert);
    const what = `${claims.action}${claims.args.duration ? ` ${claims.args.duration}` : ''}`;
    ctx.body = page(
      `${what} #${alert.id}`,
      `<h1>${escapeHtml(view.severityEmoji)} #${alert.id} ${escapeHtml(alert.title)}</h1>
<p class="muted">${escapeHtml(view.statusLine)} · ${escapeHtml(view.source)} · ${escapeHtml(view.startedAt)}</p>
${view.summary ? `<p>${escapeHtml(view.summary)}</p>` : ''}
<form method="post"><label for="actor">Your name</label>
<input id="actor" name="actor" required maxlength="100" autocomplete="name" value="${escapeHtml(ctx.cookies.get('gong_actor') ?? '')}">
<button type="submit">Confirm: ${escapeHtml(what)}</button></form>`,
    );
  });

  router.post('/a/:token', async (ctx) => {
    const found = await load(ctx.params.token ?? '');
    ctx.type = 'html';
    if ('error' in found) {
      ctx.status = 404;
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(found.error!)}</h1>`);
      return;
    }
    const form = new URLSearchParams(await getRawBody(ctx.req, { limit: 16_384, encoding: 'utf8' }));
    const actor = (form.get('actor') ?? '').trim().slice(0, 100);
    if (!actor) {
      ctx.status = 400;
      ctx.body = page('Gong', '<h1 class="error">Please give your name, so the timeline says who acted.</h1>');
      return;
    }
    const { claims } = found;
    const chat = gong.chats.get(claims.chat)?.chat;
    const parsed = parseAction(claims.action, claims.action === 'assign' ? { user: actor, ...claims.args } : claims.args);
    if (!parsed.ok) {
      ctx.status = 400;
      ctx.body = page('Gong', `<h1 class="error">${escapeHtml(parsed.error)}</h1>`);
      return;
    }
    const result = await gong.alerts.act({
      alertId: claims.alertId,
      action: parsed.action,
      actor: { name: actor, platform: PLATFORM_OF_CHAT[chat?.type ?? ''] ?? 'api' },
    });
    ctx.cookies.set('gong_actor', actor, { httpOnly: true, sameSite: 'strict', maxAge: 365 * 86_400_000 });
    ctx.status = result.ok ? 200 : 409;
    ctx.body = result.ok
      ? page('Done', `<h1 class="ok">#${result.alert.id} ${escapeHtml(gong.views(result.alert).statusLine)}</h1><p>The cards in the chats are being updated.</p>`)
      : page('Not done', `<h1 class="error">${escapeHtml(result.reason)}</h1>`);
  });
  return router;
}
