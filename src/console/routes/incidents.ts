import type { Context } from 'koa';
import type { RouterMiddleware } from '@koa/router';
import { z } from 'zod';
import type { AlertRow } from '../../db/alert-json.js';
import type { AlertService } from '../../alerts/service.js';
import type { ChatRegistry } from '../../chats/chat-registry.js';
import type { RuntimeConfig } from '../../config/runtime-config.js';
import type { Db } from '../../db/client.js';
import type { GuardedRouter } from '../../shared/guarded-router.js';
import { alertCardsPanel } from '../alert-cards.js';
import { type ConsolePage, csrfField, layout } from '../layout.js';
import { setFlash, takeFlash } from '../flash.js';
import { formOf } from '../session.js';
import { incidentPage, stateBadge } from '../incident-page.js';
import { parseAction } from '../../domain/parse-action.js';
import { cardsOf } from '../../jobs/card-writes.js';
import { buildAlertView, formatTime } from '../../cards/alert-view.js';
import { isStorableText } from '../../shared/storable-text.js';
import { escapeHtml } from '../../http/html.js';
import { parseId } from '../../http/routes/alerts-api.js';

/** The page's filters are lenient: a value that cannot be one (a NUL, a cursor past any id) is no filter. */
const storable = (max: number) => z.string().max(max).refine(isStorableText).optional().catch(undefined);
const cursor = z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined);
const filters = z.object({
  state: z.enum(['triggered', 'acknowledged', 'resolved', 'open']).optional().catch(undefined),
  source: storable(64),
  q: storable(200),
  cursor,
});

/** The console knows only "the admin" (one shared token); the timeline says it came from here. */
const ACTOR = { name: 'admin', platform: 'console' } as const;

export type ConsoleIncidentDeps = { config: Pick<RuntimeConfig, 'timezone' | 'sources'>; db: Db; alerts: AlertService; chats: Pick<ChatRegistry, 'look'> };

/**
 * The incidents list (the console's home: filters, search, pages) and one incident's page with
 * its alerts, timeline and actions, merge (confirmed first) and split.
 */
export function consoleIncidentRoutes(router: GuardedRouter, deps: ConsoleIncidentDeps, page: ConsolePage): void {
  const { config, alerts } = deps;
  const time = (date: Date | null) => (date ? formatTime(date, config.timezone) : '');
  // The console shows incidents as Gong's own look has them, not any one chat's.
  const viewOf = (incident: AlertRow) => buildAlertView(incident, deps.chats.look());
  const html = (ctx: Context, title: string, body: string, status = 200) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = layout({ title, section: 'incidents', words: page.words(ctx), path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox, ...takeFlash(ctx) }, body);
  };
  const notFound = (ctx: Context) => incidentNotFound(ctx, page);

  const list: RouterMiddleware = async (ctx) => {
    const filter = filters.parse(ctx.query);
    const found = await alerts.list({ ...filter, q: filter.q || undefined, source: filter.source || undefined, limit: 50 });
    const option = (value: string, label: string, current?: string) => `<option value="${value}"${value === (current ?? '') ? ' selected' : ''}>${label}</option>`;
    const link = (incident: AlertRow, text: string) => `<a href="/console/incidents/${incident.id}">${escapeHtml(text)}</a>`;
    const rows = found.alerts
      .map(
        (i) => `<tr><td data-label="Id">${link(i, `#${i.id}`)}</td><td data-label="Title">${link(i, i.title)}</td><td data-label="Severity">${escapeHtml(i.severity)}</td>
<td data-label="State">${stateBadge(i)}${i.mergedInto ? ` <span class="muted">into #${i.mergedInto}</span>` : ''}</td><td data-label="Alerts">${i.firingCount} firing / ${i.alertCount}</td>
<td data-label="Assignee">${escapeHtml(i.assignee ?? '')}</td><td data-label="Opened">${time(i.openedAt)}</td></tr>`,
      )
      .join('');
    const more = found.nextCursor ? `<p><a href="/console/incidents?${new URLSearchParams({ ...kept(filter), cursor: String(found.nextCursor) })}">Older incidents →</a></p>` : '';
    html(
      ctx,
      'Incidents',
      `<h1>Incidents</h1>
<form class="filters" method="get" action="/console/incidents" role="search">
<div><label for="q">Search</label><input id="q" name="q" type="search" value="${escapeHtml(filter.q ?? '')}" placeholder="title or #id"></div>
<div><label for="state">State</label><select id="state" name="state">${option('', 'Any', filter.state)}${option('open', 'Open (not resolved)', filter.state)}${option('triggered', 'Triggered', filter.state)}${option('acknowledged', 'Acknowledged', filter.state)}${option('resolved', 'Resolved', filter.state)}</select></div>
<div><label for="source">Source</label><select id="source" name="source">${option('', 'Any', filter.source)}${config.sources.map((s) => option(escapeHtml(s.name), escapeHtml(s.name), filter.source)).join('')}</select></div>
<div><button type="submit" class="primary">Filter</button></div></form>
${rows ? `<table class="stack"><caption class="muted caption-start">Newest first</caption><thead><tr><th scope="col">Id</th><th scope="col">Title</th><th scope="col">Severity</th><th scope="col">State</th><th scope="col">Firing / alerts</th><th scope="col">Assignee</th><th scope="col">Opened</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No incidents match.</p>'}${more}`,
    );
  };
  router.get('/', page.signedIn, list);
  router.get('/incidents', page.signedIn, list);

  router.get('/incidents/:id', page.signedIn, async (ctx) => {
    const id = parseId(ctx.params.id);
    const incident = id ? await alerts.get(id) : undefined;
    if (!incident) return notFound(ctx);
    const body = incidentPage({
      incident,
      view: viewOf(incident),
      alerts: await alerts.incidentAlerts(incident.id, { limit: 50, cursor: cursor.parse(ctx.query.alerts) }),
      timeline: await alerts.timeline(incident.id),
      cards: alertCardsPanel(await cardsOf(deps.db, incident.id), incident.version, time),
      csrf: page.csrf(ctx),
      time,
    });
    html(ctx, `#${incident.id} ${incident.title}`, body);
  });

  const act: RouterMiddleware = async (ctx) => {
    const form = formOf(ctx);
    const id = parseId(ctx.params.id);
    if (!id) return notFound(ctx);
    const parsed = parseAction(form.get('action') ?? '', Object.fromEntries(form));
    const result = parsed.ok ? await alerts.act({ alertId: id, action: parsed.action, actor: ACTOR }) : ({ ok: false, reason: parsed.error } as const);
    setFlash(ctx, result.ok, result.ok ? `#${id} ${viewOf(result.alert).statusLine}` : result.reason);
    ctx.redirect(`/console/incidents/${id}`);
  };
  router.post('/incidents/:id/act', page.signedIn, act);
  // Pages from before incidents post here.
  router.post('/alerts/:id/act', page.signedIn, act);

  router.post('/incidents/:id/merge', page.signedIn, async (ctx) => {
    const form = formOf(ctx);
    const id = parseId(ctx.params.id);
    if (!id) return notFound(ctx);
    const back = `/console/incidents/${id}`;
    const from = parseId(form.get('from')?.trim());
    if (!from) {
      setFlash(ctx, false, 'Merge needs the number of the incident to merge into this one, such as 43.');
      return ctx.redirect(back);
    }
    // Merging an incident into itself is refused by the service: nothing to confirm.
    if (form.get('confirm') === 'yes' || from === id) {
      const result = await alerts.merge({ into: id, from, actor: ACTOR });
      setFlash(ctx, result.ok, result.ok ? `#${from} merged into #${id}: ${result.incident.alertCount} alerts here now.` : result.reason);
      return ctx.redirect(back);
    }
    const [into, other] = [await alerts.get(id), await alerts.get(from)];
    if (!into) return notFound(ctx);
    if (!other) {
      setFlash(ctx, false, `There is no incident #${from}.`);
      return ctx.redirect(back);
    }
    const csrf = page.csrf(ctx);
    html(
      ctx,
      `Merge #${from} into #${id}?`,
      `<h1>Merge #${from} into #${id}?</h1>
<div class="panel"><p><a href="/console/incidents/${from}">#${from} ${escapeHtml(other.title)}</a> ${stateBadge(other)} · ${other.alertCount} alerts</p>
<p>↓ into</p><p><a href="${back}">#${id} ${escapeHtml(into.title)}</a> ${stateBadge(into)} · ${into.alertCount} alerts</p>
<p>The alerts of #${from} move to #${id}; #${from} closes as merged and its cards say so. To undo it, split the alerts out again.</p>
<form method="post" action="/console/incidents/${id}/merge" class="inline">${csrfField(csrf)}<input type="hidden" name="from" value="${from}"><input type="hidden" name="confirm" value="yes"><button type="submit" class="danger">Confirm merge</button></form>
<a class="button" href="${back}">Cancel</a></div>`,
    );
  });

  router.post('/incidents/:id/split', page.signedIn, async (ctx) => {
    const id = parseId(ctx.params.id);
    if (!id) return notFound(ctx);
    const alert = parseId(formOf(ctx).get('alert') ?? undefined);
    const result = alert
      ? await alerts.split({ incident: id, alert, actor: ACTOR })
      : ({ ok: false, reason: 'Split needs the alert to move out.' } as const);
    setFlash(ctx, result.ok, result.ok ? `Alert ${alert} moved to a new incident, #${result.incident.id}.` : result.reason);
    ctx.redirect(`/console/incidents/${id}`);
  });
}

/** The page for a path whose `:id` names no incident. */
export function incidentNotFound(ctx: Context, page: ConsolePage): void {
  ctx.status = 404;
  ctx.type = 'html';
  ctx.body = layout({ title: 'Not found', section: 'incidents', words: page.words(ctx), path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox }, `<h1>There is no incident #${escapeHtml(ctx.params.id ?? '')}</h1>`);
}

/** The list's filters worth keeping in the next page's link. */
function kept(filter: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([key, v]) => key !== 'cursor' && v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
}
