import { escapeHtml } from '../http/html.js';
import { markdownToHtml } from './mini-markdown.js';

/** The buttons of Gong's DingTalk card template (templates/dingtalk/alert-card.json). */
const BUTTONS: { label: string; params: Record<string, string>; whenKey?: string }[] = [
  { label: 'Acknowledge', params: { action: 'ack' }, whenKey: 'ackVisible' },
  { label: 'Resolve', params: { action: 'resolve' } },
  { label: 'Assign to me', params: { action: 'assign' } },
  { label: 'Snooze 30m', params: { action: 'snooze', duration: '30m' } },
  { label: 'Snooze 2h', params: { action: 'snooze', duration: '2h' } },
  { label: 'Snooze 1d', params: { action: 'snooze', duration: '1d' } },
];

/**
 * A DingTalk interactive card drawn from its cardParamMap the way Gong's template lays it out
 * (title, state tag, summary, key/value rows, an incident's counts and alerts, labels, links,
 * button group).
 */
export function dingtalkCardHtml(params: Record<string, string>, interactive: boolean): string {
  const row = (key: string, value: string | undefined) => (value ? `<div class="dt-row"><span>${key}</span><span>${markdownToHtml(value)}</span></div>` : '');
  const buttons =
    params.buttonsVisible === 'false'
      ? ''
      : BUTTONS.filter((b) => !b.whenKey || params[b.whenKey] !== 'false')
          .map((b) => {
            const data = interactive ? ` data-click="${escapeHtml(JSON.stringify({ params: b.params }))}"` : ' disabled';
            return `<button type="button" class="dt-btn${b.params.action === 'ack' ? ' dt-primary' : ''}"${data}>${b.label}</button>`;
          })
          .join('');
  return `<article class="dt-card dt-${escapeHtml(params.state ?? 'triggered')}">
<div class="dt-title">${escapeHtml(`${params.severityEmoji ?? ''} ${params.alertId ?? ''} ${params.title ?? ''}`)}</div>
<span class="dt-tag">${escapeHtml(params.stateText ?? '')}</span>
${params.summary ? `<div class="dt-md">${markdownToHtml(params.summary)}</div>` : ''}
<div class="dt-rows">${row('Severity', params.severity)}${row('Assignee', params.assignee)}${row('Source', params.source)}${row('Started', params.startedAt && `${params.startedAt} (${params.duration ?? ''})`)}${row('Escalation', params.escalation)}</div>
${params.alertCounts ? `<div class="dt-md"><strong>${escapeHtml(params.alertCounts)}</strong></div>` : ''}
${params.alerts ? `<div class="dt-md dt-alerts">${markdownToHtml(params.alerts)}</div>` : ''}
${params.labels ? `<div class="dt-md dt-labels">${markdownToHtml(params.labels)}</div>` : ''}
${params.links ? `<div class="dt-md">${markdownToHtml(params.links)}</div>` : ''}
${buttons ? `<div class="dt-actions">${buttons}</div>` : ''}</article>`;
}
