import { labelsApart } from '../domain/grouping.js';
import { parseDuration } from '../domain/duration.js';
import type { AlertEventRow, AlertRow, IncidentAlertRow } from '../db/alert-json.js';
import type { AlertView } from '../cards/alert-view.js';
import { SNOOZE_CHOICES } from '../cards/alert-view.js';
import { escapeHtml } from '../http/html.js';
import { csrfField } from './layout.js';
import { type ConsoleClock, durationText, fillHtml } from './console-time.js';
import { type ActionField, MAX_NOTE, MAX_USER } from './incident-form.js';
import { severityText, stateText, statusLine } from './incident-words.js';
import { timelineItems } from './timeline-sentences.js';
import type { Words } from './words.js';

export interface IncidentPageData {
  incident: AlertRow;
  /** Gong's own card view of it: its severity's emoji and the buttons its state offers. */
  view: AlertView;
  alerts: { alerts: IncidentAlertRow[]; total: number; firing: number; nextCursor: number | null };
  timeline: AlertEventRow[];
  /** The cards panel, drawn by alert-cards.ts. */
  cards: string;
  csrf: string;
  words: Words;
  clock: ConsoleClock;
  /** A form refused with a 400: its field is marked, focused, and keeps what was typed. */
  invalid?: { field: ActionField; value: string };
  now?: Date;
}

export function stateBadge(incident: Pick<AlertRow, 'state'>, words: Words): string {
  return `<span class="state state-${incident.state}">${escapeHtml(stateText(incident.state, words))}</span>`;
}

const chips = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`)
    .join(' ');

/** The labels that tell this alert from the others of its incident: those not every alert shares. */
export function distinctLabels(alert: Pick<IncidentAlertRow, 'labels'>, common: Record<string, string>): Record<string, string> {
  return Object.fromEntries(labelsApart(alert.labels, common, null));
}

/** One incident's page: what it is, its actions, merge, its alerts (each can be split out), its cards, its timeline and a comment. */
export function incidentPage(data: IncidentPageData): string {
  const { incident, view, csrf, words, clock, invalid } = data;
  const { t } = words;
  const now = data.now ?? new Date();
  const id = incident.id;
  const open = incident.state !== 'resolved';
  const e = (text: string) => escapeHtml(text);
  /** A field's attributes when the last post of it was refused: marked, focused, with what was typed. */
  const marked = (field: ActionField) => (invalid?.field === field ? ' aria-invalid="true" autofocus' : '');
  const typed = (field: ActionField) => (invalid?.field === field ? e(invalid.value) : '');
  const form = (path: string, fields: string, button: string, cls = '', formClass = 'inline') =>
    `<form method="post" action="/console/incidents/${id}/${path}" class="${formClass}">${csrfField(csrf)}${fields}<button type="submit" class="${cls}">${e(button)}</button></form>`;
  const hidden = (action: string) => `<input type="hidden" name="action" value="${action}">`;
  const act = (action: string, label: string, cls = '') => form('act', hidden(action), label, cls);
  const has = (button: string) => view.buttons.includes(button as AlertView['buttons'][number]);
  const merged = incident.mergedInto !== null;

  const simple = [
    has('ack') ? act('ack', t('incident.ack'), 'primary') : '',
    has('unack') ? act('unack', t('incident.unack')) : '',
    has('reopen') && !merged ? act('reopen', t('incident.reopen')) : '',
    open && view.snoozedUntil ? act('unsnooze', t('incident.unsnooze')) : '',
  ].filter(Boolean).join(' ');
  const snooze = form(
    'act',
    `${hidden('snooze')}<label for="duration" class="inline">${e(t('incident.snoozeFor'))}</label> <select id="duration" name="duration"${marked('duration')}>${SNOOZE_CHOICES.map((d) => `<option value="${d}">${e(durationText(parseDuration(d)!, words))}</option>`).join('')}</select> `,
    t('incident.snooze'),
  );
  const assign = form(
    'act',
    `${hidden('assign')}<label for="user" class="inline">${e(t('incident.assignTo'))}</label> <input id="user" name="user" type="text" required maxlength="${MAX_USER}" class="narrow" value="${typed('user')}"${marked('user')}> `,
    t('incident.assign'),
  );
  const resolve = has('resolve')
    ? form(
        'act',
        `${hidden('resolve')}<label for="note">${e(t('incident.note'))} <span class="hint">${e(t('incident.noteHint'))}</span></label>
<textarea id="note" name="note" rows="2" maxlength="${MAX_NOTE}"${marked('note')}>${typed('note')}</textarea><br>`,
        t('incident.resolve'),
        'danger',
        'resolve',
      )
    : '';
  // A merged incident lives on in the one it was merged into, which takes its actions.
  const actions = merged
    ? `<p class="muted">${e(t('incident.noActions'))}</p>`
    : `<div class="row-actions">${simple}${open ? ` ${snooze} ${assign}` : ''}</div>${resolve}`;
  const banner = merged
    ? `<p class="flash error">${fillHtml(t('incident.mergedBanner'), { link: `<a href="/console/incidents/${incident.mergedInto}">#${incident.mergedInto}</a>` })}</p>`
    : '';
  const mergeForm =
    open && !merged
      ? `<h2>${e(t('incident.merge'))}</h2><div class="panel">${form(
          'merge',
          `<label for="from">${e(t('incident.mergeLabel'))} <span class="hint">${e(t('incident.mergeHint'))}</span></label>
<input id="from" name="from" type="text" inputmode="numeric" required pattern="#?[0-9]{1,10}" placeholder="#43" class="narrow" value="${typed('from')}"${marked('from')}> `,
          t('incident.mergeButton'),
        )}</div>`
      : '';
  const comment = form(
    'act',
    `${hidden('comment')}<label for="comment-text">${e(t('incident.comment'))} <span class="hint">${e(t('incident.commentHint', { max: MAX_NOTE }))}</span></label>
<textarea id="comment-text" name="text" rows="3" required maxlength="${MAX_NOTE}"${marked('text')}>${typed('text')}</textarea><br>`,
    t('incident.addComment'),
    '',
    'comment',
  );
  const snoozedUntil = incident.snoozedUntil && incident.snoozedUntil > now ? incident.snoozedUntil : null;
  const fact = (label: string, value: string) => `<tr><th scope="row">${e(label)}</th><td>${value}</td></tr>`;
  return `<p><a href="/console/incidents">${e(t('incident.back'))}</a></p><h1>${e(`${view.severityEmoji} #${id} ${incident.title}`)}</h1>${banner}
<p class="muted">${e(t('incident.zoneNote', { zone: clock.zone }))}</p>
<div class="panel"><p>${stateBadge(incident, words)} ${e(statusLine(incident, words, clock))}</p>
<table class="facts"><tbody>
${fact(t('incident.severity'), e(severityText(incident.severity, words)))}
${fact(t('incident.source'), e(incident.source))}
${fact(t('incident.alerts'), e(t('incident.firingOf', { firing: incident.firingCount, total: incident.alertCount })))}
${fact(t('incident.assignee'), e(incident.assignee ?? t('incident.nobody')))}
${fact(t('incident.started'), fillHtml(t('incident.startedFor'), { time: clock.tag(incident.startsAt), duration: e(durationText((incident.resolvedAt ?? now).getTime() - incident.startsAt.getTime(), words)) }))}
${fact(t('incident.notifications'), String(incident.count))}
${snoozedUntil ? fact(t('incident.snoozedUntil'), clock.tag(snoozedUntil)) : ''}
${fact(t('incident.commonLabels'), chips(incident.commonLabels))}
${incident.description ? fact(t('incident.description'), e(incident.description)) : ''}
</tbody></table></div>
<h2>${e(t('incident.actions'))}</h2><div class="panel">${actions}</div>${mergeForm}
<h2 id="alerts">${e(t('incident.alerts'))}</h2>${alertsTable(data)}
<h2>${e(t('incident.cards'))}</h2><div class="panel">${data.cards}</div>
<h2 id="timeline">${e(t('incident.timeline'))}</h2><ol class="timeline">${timelineItems(data.timeline, words, clock)}</ol>
<div class="panel">${comment}</div>`;
}

function alertsTable({ incident, alerts, csrf, words, clock }: IncidentPageData): string {
  const { t } = words;
  const e = (text: string) => escapeHtml(text);
  // Splitting needs an open incident and another alert to leave behind.
  const splittable = incident.state !== 'resolved' && alerts.total > 1;
  const rows = alerts.alerts
    .map((alert) => {
      const distinct = distinctLabels(alert, incident.commonLabels);
      const name = Object.keys(distinct).length ? chips(distinct) : `<span class="muted">${e(alert.title)}</span>`;
      const split = splittable
        ? `<form method="post" action="/console/incidents/${incident.id}/split" class="inline">${csrfField(csrf)}<input type="hidden" name="alert" value="${alert.id}"><button type="submit">${e(t('incident.splitButton'))}<span class="sr"> ${e(t('incident.splitWhich', { id: alert.id }))}</span></button></form>`
        : '';
      const firing = alert.status === 'firing';
      return `<tr data-alert="${alert.id}"><td data-label="${e(t('incident.alertStatus'))}"><span class="state state-${firing ? 'triggered' : 'resolved'}">${e(firing ? t('incident.alertFiring') : t('incident.alertResolved'))}</span></td>
<td data-label="${e(t('incident.alertLabels'))}">${name}</td><td data-label="${e(t('incident.alertCount'))}">${alert.count}</td><td data-label="${e(t('incident.alertLastSeen'))}">${clock.tag(alert.lastSeenAt)}</td>${splittable ? `<td>${split}</td>` : ''}</tr>`;
    })
    .join('');
  if (!rows) return `<p class="muted">${e(t('incident.noAlerts'))}</p>`;
  const more = alerts.nextCursor ? `<p><a href="?alerts=${alerts.nextCursor}#alerts">${e(t('incident.moreAlerts'))}</a></p>` : '';
  return `<table class="stack"><caption class="muted caption-start">${e(t('incident.alertsCaption', { firing: alerts.firing, total: alerts.total }))}</caption><thead><tr><th scope="col">${e(t('incident.alertStatus'))}</th><th scope="col">${e(t('incident.alertLabels'))}</th><th scope="col">${e(t('incident.alertCount'))}</th><th scope="col">${e(t('incident.alertLastSeen'))}</th>${splittable ? `<th scope="col"><span class="sr">${e(t('incident.splitColumn'))}</span></th>` : ''}</tr></thead><tbody>${rows}</tbody></table>${more}`;
}
