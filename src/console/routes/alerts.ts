import type { Context } from 'koa';
import type { GuardedRouter } from '../../shared/guarded-router.js';
import { z } from 'zod';
import type { AlertRow } from '../../db/alert-json.js';
import type { AlertService } from '../../alerts/service.js';
import type { ChatRegistry } from '../../chats/chat-registry.js';
import type { RuntimeConfig } from '../../config/runtime-config.js';
import type { Db } from '../../db/client.js';
import { alertCardsPanel } from '../alert-cards.js';
import { type ConsolePage, csrfField, layout } from '../layout.js';
import { setFlash, takeFlash } from '../flash.js';
import { formOf } from '../session.js';
import { parseAction } from '../../domain/parse-action.js';
import { cardsOf } from '../../jobs/card-writes.js';
import { SNOOZE_CHOICES, buildAlertView, formatTime } from '../../cards/alert-view.js';
import { isStorableText } from '../../shared/storable-text.js';
import { escapeHtml } from '../../http/html.js';
import { parseId } from '../../http/routes/alerts-api.js';

/** The page's filters are lenient: a value that cannot be one (a NUL, a cursor past any id) is no filter. */
const storable = (max: number) => z.string().max(max).refine(isStorableText).optional().catch(undefined);
const filters = z.object({
  state: z.enum(['triggered', 'acknowledged', 'resolved', 'open']).optional().catch(undefined),
  source: storable(64),
  q: storable(200),
  cursor: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
});

/** The console knows only "the admin" (one shared token); the timeline says it came from here. */
const ACTOR = 'admin';
const LABELS: Record<string, string> = { ack: 'Acknowledge', resolve: 'Resolve', unack: 'Un-acknowledge', reopen: 'Reopen' };

/** The alerts list (filters, search, pages) and one alert's page with its timeline and actions. */
export function consoleAlertRoutes(router: GuardedRouter, deps: { config: Pick<RuntimeConfig, 'timezone' | 'sources'>; db: Db; alerts: AlertService; chats: Pick<ChatRegistry, 'look'> }, page: ConsolePage): void {
  const { config, alerts } = deps;
  const time = (date: Date | null) => (date ? formatTime(date, config.timezone) : '');
  // The console shows alerts as Gong's own look has them, not any one chat's.
  const viewOf = (alert: AlertRow) => buildAlertView(alert, deps.chats.look());

  router.get('/', page.signedIn, async (ctx) => {
    const filter = filters.parse(ctx.query);
    const list = await alerts.list({ ...filter, q: filter.q || undefined, source: filter.source || undefined, limit: 50 });
    const option = (value: string, label: string, current?: string) =>
      `<option value="${value}"${value === (current ?? '') ? ' selected' : ''}>${label}</option>`;
    const rows = list.alerts
      .map(
        (a) => `<tr><td><a href="/console/alerts/${a.id}">#${a.id}</a></td><td><a href="/console/alerts/${a.id}">${escapeHtml(a.title)}</a></td>
<td>${stateBadge(a)}</td><td>${escapeHtml(a.severity)}</td><td>${escapeHtml(a.source)}</td><td>${escapeHtml(a.assignee ?? '')}</td><td>${a.count}</td><td>${time(a.openedAt)}</td></tr>`,
      )
      .join('');
    const more = list.nextCursor ? `<p><a href="?${new URLSearchParams({ ...clean(filter), cursor: String(list.nextCursor) })}">Older alerts →</a></p>` : '';
    ctx.type = 'html';
    ctx.body = layout(
      { title: 'Alerts', section: 'alerts', csrf: page.csrf(ctx), sandbox: page.sandbox },
      `<h1>Alerts</h1>
<form class="filters" method="get" action="/console" role="search">
<div><label for="q">Search</label><input id="q" name="q" type="search" value="${escapeHtml(filter.q ?? '')}" placeholder="title or #id"></div>
<div><label for="state">State</label><select id="state" name="state">${option('', 'Any', filter.state)}${option('open', 'Open (not resolved)', filter.state)}${option('triggered', 'Triggered', filter.state)}${option('acknowledged', 'Acknowledged', filter.state)}${option('resolved', 'Resolved', filter.state)}</select></div>
<div><label for="source">Source</label><select id="source" name="source">${option('', 'Any', filter.source)}${config.sources.map((s) => option(escapeHtml(s.name), escapeHtml(s.name), filter.source)).join('')}</select></div>
<div><button type="submit" class="primary">Filter</button></div></form>
${rows ? `<table><caption class="muted caption-start">Newest first</caption><thead><tr><th scope="col">Id</th><th scope="col">Title</th><th scope="col">State</th><th scope="col">Severity</th><th scope="col">Source</th><th scope="col">Assignee</th><th scope="col">Count</th><th scope="col">Opened</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No alerts match.</p>'}${more}`,
    );
  });

  const notFound = (ctx: Context) => {
    ctx.status = 404;
    ctx.type = 'html';
    ctx.body = layout({ title: 'Not found', section: 'alerts', csrf: page.csrf(ctx), sandbox: page.sandbox }, `<h1>There is no alert #${escapeHtml(ctx.params.id ?? '')}</h1>`);
  };

  router.get('/alerts/:id', page.signedIn, async (ctx) => {
    const id = parseId(ctx.params.id);
    const alert = id ? await alerts.get(id) : undefined;
    if (!alert) return notFound(ctx);
    const view = viewOf(alert);
    const timeline = (await alerts.timeline(alert.id))
      .map((e) => `<li><time>${time(e.at)}</time> · <strong>${escapeHtml(e.type)}</strong> by ${escapeHtml(e.actor)} <span class="muted">(${escapeHtml(e.platform)})</span>${Object.keys(e.details).length ? ` <code>${escapeHtml(JSON.stringify(e.details))}</code>` : ''}</li>`)
      .join('');
    const csrf = page.csrf(ctx);
    const button = (action: string, label: string, cls = '') =>
      `<form method="post" action="/console/alerts/${id}/act" class="inline">${csrfField(csrf)}<input type="hidden" name="action" value="${action}"><button type="submit" class="${cls}">${label}</button></form>`;
    const simple = view.buttons
      .filter((b) => ['ack', 'resolve', 'unack', 'reopen'].includes(b))
      .map((b) => button(b, LABELS[b]!, b === 'ack' ? 'primary' : b === 'resolve' ? 'danger' : ''))
      .join(' ');
    const unsnooze = view.snoozedUntil ? button('unsnooze', 'Unsnooze') : '';
    const open = alert.state !== 'resolved';
    ctx.type = 'html';
    ctx.body = layout(
      { title: `#${id} ${alert.title}`, section: 'alerts', csrf, sandbox: page.sandbox, ...takeFlash(ctx) },
      `<p><a href="/console">← Alerts</a></p><h1>${escapeHtml(`${view.severityEmoji} #${id} ${alert.title}`)}</h1>
<div class="panel"><p>${stateBadge(alert)} ${escapeHtml(view.statusLine)}</p>
<table><tbody>
<tr><th scope="row">Severity</th><td>${escapeHtml(view.severityText)}</td></tr>
<tr><th scope="row">Source</th><td>${escapeHtml(alert.source)}</td></tr>
<tr><th scope="row">Assignee</th><td>${escapeHtml(alert.assignee ?? '—')}</td></tr>
<tr><th scope="row">Started</th><td>${escapeHtml(view.startedAt)} (${escapeHtml(view.duration)})</td></tr>
<tr><th scope="row">Count</th><td>${alert.count}</td></tr>
${view.snoozedUntil ? `<tr><th scope="row">Snoozed until</th><td>${escapeHtml(view.snoozedUntil)}</td></tr>` : ''}
<tr><th scope="row">Labels</th><td>${Object.entries(alert.labels).map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`).join(' ')}</td></tr>
${alert.description ? `<tr><th scope="row">Description</th><td>${escapeHtml(alert.description)}</td></tr>` : ''}
</tbody></table></div>
<h2>Actions</h2><div class="panel row-actions">${simple} ${unsnooze}
${open ? `<form method="post" action="/console/alerts/${id}/act" class="inline">${csrfField(csrf)}<input type="hidden" name="action" value="snooze">
<label for="duration" class="inline">Snooze for</label> <select id="duration" name="duration">${SNOOZE_CHOICES.map((d) => `<option>${d}</option>`).join('')}</select> <button type="submit">Snooze</button></form>
<form method="post" action="/console/alerts/${id}/act" class="inline">${csrfField(csrf)}<input type="hidden" name="action" value="assign">
<label for="user" class="inline">Assign to</label> <input id="user" name="user" type="text" required maxlength="200" class="narrow"> <button type="submit">Assign</button></form>` : ''}
</div>
<h2>Cards</h2><div class="panel">${alertCardsPanel(await cardsOf(deps.db, alert.id), alert.version, time)}</div>
<h2>Timeline</h2><ol class="timeline">${timeline}</ol>`,
    );
  });

  router.post('/alerts/:id/act', page.signedIn, async (ctx) => {
    const form = formOf(ctx);
    const id = parseId(ctx.params.id);
    if (!id) return notFound(ctx);
    const parsed = parseAction(form.get('action') ?? '', Object.fromEntries(form));
    const result = parsed.ok
      ? await alerts.act({ alertId: id, action: parsed.action, actor: { name: ACTOR, platform: 'console' } })
      : ({ ok: false, reason: parsed.error } as const);
    setFlash(ctx, result.ok, result.ok ? `#${id} ${viewOf(result.alert).statusLine}` : result.reason);
    ctx.redirect(`/console/alerts/${id}`);
  });
}

function stateBadge(alert: AlertRow): string {
  return `<span class="state state-${alert.state}">${alert.state}</span>`;
}

function clean(filter: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([key, v]) => key !== 'cursor' && v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
}
