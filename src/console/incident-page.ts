import { labelsApart } from '../domain/grouping.js';
import type { AlertEventRow, AlertRow, IncidentAlertRow } from '../db/alert-json.js';
import type { AlertView } from '../cards/alert-view.js';
import { SNOOZE_CHOICES } from '../cards/alert-view.js';
import { escapeHtml } from '../http/html.js';
import { csrfField } from './layout.js';
import { timelineItems } from './timeline-sentences.js';

const LABELS: Record<string, string> = { ack: 'Acknowledge', resolve: 'Resolve', unack: 'Un-acknowledge', reopen: 'Reopen' };

export interface IncidentPageData {
  incident: AlertRow;
  view: AlertView;
  alerts: { alerts: IncidentAlertRow[]; total: number; firing: number; nextCursor: number | null };
  timeline: AlertEventRow[];
  /** The cards panel, drawn by alert-cards.ts. */
  cards: string;
  csrf: string;
  time: (date: Date | null) => string;
}

export function stateBadge(incident: Pick<AlertRow, 'state'>): string {
  return `<span class="state state-${incident.state}">${incident.state}</span>`;
}

const chips = (labels: Record<string, string>) =>
  Object.entries(labels)
    .map(([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(v)}</code>`)
    .join(' ');

/** The labels that tell this alert from the others of its incident: those not every alert shares. */
export function distinctLabels(alert: Pick<IncidentAlertRow, 'labels'>, common: Record<string, string>): Record<string, string> {
  return Object.fromEntries(labelsApart(alert.labels, common, null));
}

/** One incident's page: what it is, its actions, merge, its alerts (each can be split out), its cards and its timeline. */
export function incidentPage(data: IncidentPageData): string {
  const { incident, view, csrf, time } = data;
  const id = incident.id;
  const open = incident.state !== 'resolved';
  const form = (path: string, fields: string, button: string, cls = '') =>
    `<form method="post" action="/console/incidents/${id}/${path}" class="inline">${csrfField(csrf)}${fields}<button type="submit" class="${cls}">${button}</button></form>`;
  const act = (action: string, label: string, cls = '') => form('act', `<input type="hidden" name="action" value="${action}">`, label, cls);
  const simple = view.buttons
    .filter((b) => b in LABELS)
    .map((b) => act(b, LABELS[b]!, b === 'ack' ? 'primary' : b === 'resolve' ? 'danger' : ''))
    .join(' ');
  const merged = incident.mergedInto
    ? `<p class="flash error">Merged into <a href="/console/incidents/${incident.mergedInto}">#${incident.mergedInto}</a>: act there.</p>`
    : '';
  // A merged incident lives on in the one it was merged into, which takes its actions.
  const actions = incident.mergedInto
    ? '<p class="muted">None: act on the incident it was merged into.</p>'
    : open
    ? `${simple} ${view.snoozedUntil ? act('unsnooze', 'Unsnooze') : ''}
${form('act', `<input type="hidden" name="action" value="snooze"><label for="duration" class="inline">Snooze for</label> <select id="duration" name="duration">${SNOOZE_CHOICES.map((d) => `<option>${d}</option>`).join('')}</select> `, 'Snooze')}
${form('act', `<input type="hidden" name="action" value="assign"><label for="user" class="inline">Assign to</label> <input id="user" name="user" type="text" required maxlength="200" class="narrow"> `, 'Assign')}`
    : simple;
  const mergeForm = open
    ? `<h2>Merge</h2><div class="panel">${form(
        'merge',
        `<label for="from">Merge another incident into this one <span class="hint">(its alerts move here; it closes as merged)</span></label>
<input id="from" name="from" type="text" inputmode="numeric" required pattern="#?[0-9]{1,10}" placeholder="#43" class="narrow"> `,
        'Merge…',
      )}</div>`
    : '';
  return `<p><a href="/console/incidents">← Incidents</a></p><h1>${escapeHtml(`${view.severityEmoji} #${id} ${incident.title}`)}</h1>${merged}
<div class="panel"><p>${stateBadge(incident)} ${escapeHtml(view.statusLine)}</p>
<table class="facts"><tbody>
<tr><th scope="row">Severity</th><td>${escapeHtml(view.severityText)}</td></tr>
<tr><th scope="row">Source</th><td>${escapeHtml(incident.source)}</td></tr>
<tr><th scope="row">Alerts</th><td>${incident.firingCount} firing of ${incident.alertCount}</td></tr>
<tr><th scope="row">Assignee</th><td>${escapeHtml(incident.assignee ?? '—')}</td></tr>
<tr><th scope="row">Started</th><td>${escapeHtml(view.startedAt)} (${escapeHtml(view.duration)})</td></tr>
<tr><th scope="row">Notifications</th><td>${incident.count}</td></tr>
${view.snoozedUntil ? `<tr><th scope="row">Snoozed until</th><td>${escapeHtml(view.snoozedUntil)}</td></tr>` : ''}
<tr><th scope="row">Common labels</th><td>${chips(incident.commonLabels)}</td></tr>
${incident.description ? `<tr><th scope="row">Description</th><td>${escapeHtml(incident.description)}</td></tr>` : ''}
</tbody></table></div>
<h2>Actions</h2><div class="panel row-actions">${actions}</div>${mergeForm}
<h2 id="alerts">Alerts</h2>${alertsTable(data)}
<h2>Cards</h2><div class="panel">${data.cards}</div>
<h2>Timeline</h2><ol class="timeline">${timelineItems(data.timeline, (date) => time(date))}</ol>`;
}

function alertsTable({ incident, alerts, csrf, time }: IncidentPageData): string {
  // Splitting needs an open incident and another alert to leave behind.
  const splittable = incident.state !== 'resolved' && alerts.total > 1;
  const rows = alerts.alerts
    .map((alert) => {
      const distinct = distinctLabels(alert, incident.commonLabels);
      const name = Object.keys(distinct).length ? chips(distinct) : `<span class="muted">${escapeHtml(alert.title)}</span>`;
      const split = splittable
        ? `<form method="post" action="/console/incidents/${incident.id}/split" class="inline">${csrfField(csrf)}<input type="hidden" name="alert" value="${alert.id}"><button type="submit">Move to a new incident<span class="sr"> (alert ${alert.id})</span></button></form>`
        : '';
      return `<tr data-alert="${alert.id}"><td data-label="Status"><span class="state state-${alert.status === 'firing' ? 'triggered' : 'resolved'}">${alert.status}</span></td>
<td data-label="Alert">${name}</td><td data-label="Count">${alert.count}</td><td data-label="Last seen">${time(alert.lastSeenAt)}</td>${splittable ? `<td>${split}</td>` : ''}</tr>`;
    })
    .join('');
  if (!rows) return '<p class="muted">This incident holds no alerts (they moved to the incident it was merged into).</p>';
  const more = alerts.nextCursor ? `<p><a href="?alerts=${alerts.nextCursor}#alerts">More alerts →</a></p>` : '';
  return `<table class="stack"><caption class="muted caption-start">${alerts.firing} firing of ${alerts.total}</caption><thead><tr><th scope="col">Status</th><th scope="col">Labels that tell it apart</th><th scope="col">Count</th><th scope="col">Last seen</th>${splittable ? '<th scope="col"><span class="sr">Split</span></th>' : ''}</tr></thead><tbody>${rows}</tbody></table>${more}`;
}
