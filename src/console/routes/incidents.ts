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
import { readActionForm, type ActionField } from '../incident-form.js';
import { doneText, refusalText, severityText } from '../incident-words.js';
import { consoleClock } from '../console-time.js';
import { curlLine } from '../curl-line.js';
import { alertsWord } from '../timeline-sentences.js';
import type { Words } from '../words.js';
import { cardsOf } from '../../jobs/card-writes.js';
import { buildAlertView } from '../../cards/alert-view.js';
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

export type ConsoleIncidentDeps = {
  config: Pick<RuntimeConfig, 'timezone' | 'sources' | 'server' | 'generated' | 'dataDir'>;
  db: Db;
  alerts: AlertService;
  chats: Pick<ChatRegistry, 'look'>;
};

/**
 * The incidents list (the console's home: filters, search, pages; on a first run, how to get a
 * first alert) and one incident's page with its alerts, timeline, actions and comments, merge
 * (confirmed first) and split. Every word comes from the message files in the reader's language,
 * every time is on the configured zone's clock, and every action's flash says what it did.
 */
export function consoleIncidentRoutes(router: GuardedRouter, deps: ConsoleIncidentDeps, page: ConsolePage): void {
  const { config, alerts } = deps;
  const clock = consoleClock(config.timezone);
  // The console shows incidents as Gong's own look has them (severity emoji, buttons), not any one chat's.
  const viewOf = (incident: AlertRow) => buildAlertView(incident, deps.chats.look());
  const html = (ctx: Context, title: string, body: string, status = 200, flash?: { ok: boolean; text: string }) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.body = layout({ title, section: 'incidents', words: page.words(ctx), path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox, ...(flash ? { flash } : takeFlash(ctx)) }, body);
  };
  const notFound = (ctx: Context) => incidentNotFound(ctx, page);

  const list: RouterMiddleware = async (ctx) => {
    const words = page.words(ctx);
    const { t } = words;
    const e = (text: string) => escapeHtml(text);
    const filter = filters.parse(ctx.query);
    const found = await alerts.list({ ...filter, q: filter.q || undefined, source: filter.source || undefined, limit: 50 });
    const option = (value: string, label: string, current?: string) => `<option value="${e(value)}"${value === (current ?? '') ? ' selected' : ''}>${e(label)}</option>`;
    const link = (incident: AlertRow, text: string) => `<a href="/console/incidents/${incident.id}">${e(text)}</a>`;
    const head = { id: t('incidents.id'), title: t('incidents.incidentTitle'), severity: t('incidents.severity'), state: t('incidents.state'), firing: t('incidents.firing'), assignee: t('incidents.assignee'), opened: t('incidents.opened', { zone: clock.zone }) };
    const rows = found.alerts
      .map(
        (i) => `<tr><td data-label="${e(head.id)}">${link(i, `#${i.id}`)}</td><td data-label="${e(head.title)}">${link(i, i.title)}</td><td data-label="${e(head.severity)}">${e(severityText(i.severity, words))}</td>
<td data-label="${e(head.state)}">${stateBadge(i, words)}${i.mergedInto ? ` <span class="muted">${e(t('incidents.mergedInto', { id: i.mergedInto }))}</span>` : ''}</td><td data-label="${e(head.firing)}">${e(t('incidents.firingCell', { firing: i.firingCount, total: i.alertCount }))}</td>
<td data-label="${e(head.assignee)}">${e(i.assignee ?? '')}</td><td data-label="${e(head.opened)}">${clock.tag(i.openedAt)}</td></tr>`,
      )
      .join('');
    const more = found.nextCursor ? `<p><a href="/console/incidents?${new URLSearchParams({ ...kept(filter), cursor: String(found.nextCursor) })}">${e(t('incidents.older'))}</a></p>` : '';
    const filtered = Object.keys(kept(filter)).length > 0;
    const table = `<table class="stack"><caption class="muted caption-start">${e(t('incidents.caption'))}</caption><thead><tr>${Object.values(head).map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
    const empty = filtered
      ? `<p class="muted">${e(t('incidents.noneMatch'))} <a href="/console/incidents">${e(t('incidents.clearFilter'))}</a></p>`
      : filter.cursor
        ? `<p class="muted">${e(t('incidents.noOlder'))} <a href="/console/incidents">${e(t('incidents.newest'))}</a></p>`
        : firstRun(words, page.sandbox, config.sources.length > 0 ? curlLine(config) : null);
    html(
      ctx,
      t('incidents.title'),
      `<h1>${e(t('incidents.title'))}</h1>
<form class="filters" method="get" action="/console/incidents" role="search">
<div><label for="q">${e(t('incidents.search'))}</label><input id="q" name="q" type="search" value="${e(filter.q ?? '')}" placeholder="${e(t('incidents.searchHint'))}"></div>
<div><label for="state">${e(t('incidents.state'))}</label><select id="state" name="state">${option('', t('incidents.any'), filter.state)}${option('open', t('incidents.open'), filter.state)}${option('triggered', t('incident.stateTriggered'), filter.state)}${option('acknowledged', t('incident.stateAcknowledged'), filter.state)}${option('resolved', t('incident.stateResolved'), filter.state)}</select></div>
<div><label for="source">${e(t('incidents.source'))}</label><select id="source" name="source">${option('', t('incidents.any'), filter.source)}${config.sources.map((s) => option(s.name, s.name, filter.source)).join('')}</select></div>
<div><button type="submit" class="primary">${e(t('incidents.filter'))}</button></div></form>
${rows ? table : empty}${more}`,
    );
  };
  router.get('/', page.signedIn, list);
  router.get('/incidents', page.signedIn, list);

  /** One incident's page; `refused` re-draws it after a form with a bad field (400, the field marked, nothing changed). */
  const show = async (ctx: Context, id: number, refused?: { field: ActionField; value: string; message: string }) => {
    const incident = await alerts.get(id);
    if (!incident) return notFound(ctx);
    const words = page.words(ctx);
    const body = incidentPage({
      incident,
      view: viewOf(incident),
      alerts: await alerts.incidentAlerts(incident.id, { limit: 50, cursor: cursor.parse(ctx.query.alerts) }),
      timeline: await alerts.timeline(incident.id),
      cards: alertCardsPanel(await cardsOf(deps.db, incident.id), incident.version, words, clock),
      csrf: page.csrf(ctx),
      words,
      clock,
      ...(refused && { invalid: { field: refused.field, value: refused.value } }),
    });
    html(ctx, `#${incident.id} ${incident.title}`, body, refused ? 400 : 200, refused && { ok: false, text: refused.message });
  };

  router.get('/incidents/:id', page.signedIn, async (ctx) => {
    const id = parseId(ctx.params.id);
    if (!id) return notFound(ctx);
    await show(ctx, id);
  });

  const act: RouterMiddleware = async (ctx) => {
    const id = parseId(ctx.params.id);
    if (!id) return notFound(ctx);
    const words = page.words(ctx);
    const read = readActionForm(formOf(ctx), words);
    if (!read.ok) return show(ctx, id, read);
    const result = await alerts.act({ alertId: id, action: read.action, actor: ACTOR });
    if (!result.ok && result.code === 'not_found') return notFound(ctx);
    setFlash(ctx, result.ok, result.ok ? doneText(read.action, result.alert, words, clock) : refusalText(result.refusal, words, clock));
    ctx.redirect(`/console/incidents/${id}`);
  };
  router.post('/incidents/:id/act', page.signedIn, act);
  // Pages from before incidents post here.
  router.post('/alerts/:id/act', page.signedIn, act);

  router.post('/incidents/:id/merge', page.signedIn, async (ctx) => {
    const form = formOf(ctx);
    const id = parseId(ctx.params.id);
    if (!id) return notFound(ctx);
    const words = page.words(ctx);
    const { t } = words;
    const e = (text: string) => escapeHtml(text);
    const back = `/console/incidents/${id}`;
    const from = parseId(form.get('from')?.trim());
    if (!from) return show(ctx, id, { field: 'from', value: form.get('from') ?? '', message: t('incident.badMerge') });
    // Merging an incident into itself is refused by the service: nothing to confirm.
    if (form.get('confirm') === 'yes' || from === id) {
      const result = await alerts.merge({ into: id, from, actor: ACTOR });
      setFlash(
        ctx,
        result.ok,
        result.ok
          ? t('incident.doneMerge', { from, into: id, alerts: alertsWord(result.incident.alertCount, words) })
          : result.code === 'refused'
            ? refusalText(result.refusal, words, clock)
            : t('incident.noSuchIncident', { id: (await alerts.get(id)) ? from : id }),
      );
      return ctx.redirect(back);
    }
    const [into, other] = [await alerts.get(id), await alerts.get(from)];
    if (!into) return notFound(ctx);
    if (!other) {
      setFlash(ctx, false, t('incident.noSuchIncident', { id: from }));
      return ctx.redirect(back);
    }
    const title = t('incident.mergeTitle', { from, into: id });
    const side = (incident: AlertRow) => `<p><a href="/console/incidents/${incident.id}">#${incident.id} ${e(incident.title)}</a> ${stateBadge(incident, words)} · ${e(alertsWord(incident.alertCount, words))}</p>`;
    html(
      ctx,
      title,
      `<h1>${e(title)}</h1>
<div class="panel">${side(other)}<p>${e(t('incident.mergeDown'))}</p>${side(into)}
<p>${e(t('incident.mergeExplain', { from, into: id }))}</p>
<form method="post" action="/console/incidents/${id}/merge" class="inline">${csrfField(page.csrf(ctx))}<input type="hidden" name="from" value="${from}"><input type="hidden" name="confirm" value="yes"><button type="submit" class="danger">${e(t('incident.confirmMerge'))}</button></form>
<a class="button" href="${back}">${e(t('incident.cancel'))}</a></div>`,
    );
  });

  router.post('/incidents/:id/split', page.signedIn, async (ctx) => {
    const id = parseId(ctx.params.id);
    if (!id) return notFound(ctx);
    const words = page.words(ctx);
    const alert = parseId(formOf(ctx).get('alert') ?? undefined);
    if (!alert) return show(ctx, id, { field: 'alert', value: '', message: words.t('incident.badSplit') });
    const result = await alerts.split({ incident: id, alert, actor: ACTOR });
    if (!result.ok && result.code === 'not_found') return notFound(ctx);
    setFlash(ctx, result.ok, result.ok ? words.t('incident.doneSplit', { alert, id: result.incident.id }) : refusalText(result.refusal, words, clock));
    ctx.redirect(`/console/incidents/${id}`);
  });
}

/** What an empty list says on a first run: where alerts come from, the sandbox to try, the curl line for a first one. */
function firstRun(words: Words, sandbox: boolean, curl: string | null): string {
  const { t } = words;
  const e = (text: string) => escapeHtml(text);
  return `<div class="panel first-run"><p><strong>${e(t('incidents.empty'))}</strong></p><p>${e(t('incidents.emptyExplain'))}</p>
${sandbox ? `<p>${e(t('incidents.trySandbox'))}</p><p><a class="button primary" href="/sandbox">${e(t('incidents.openSandbox'))}</a></p>` : ''}
${curl ? `<p>${e(t('incidents.curl'))}</p><pre><code>${e(curl)}</code></pre>` : ''}</div>`;
}

/** The page for a path whose `:id` names no incident. */
export function incidentNotFound(ctx: Context, page: ConsolePage): void {
  const words = page.words(ctx);
  const { t } = words;
  const id = ctx.params.id ?? '';
  ctx.status = 404;
  ctx.type = 'html';
  ctx.body = layout(
    { title: t('incident.notFoundTitle'), section: 'incidents', words, path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox },
    `<h1>${escapeHtml(t('incident.notFound', { id }))}</h1><p><a href="/console/incidents">${escapeHtml(t('incident.notFoundBack'))}</a></p>`,
  );
}

/** The list's filters worth keeping in the next page's link. */
function kept(filter: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([key, v]) => key !== 'cursor' && v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
}
