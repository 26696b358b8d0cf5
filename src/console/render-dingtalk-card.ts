import { durationWords } from '../cards/duration-text.js';
import { type Locale, type StringKey, fill, strings } from '../cards/strings.js';
import { escapeHtml } from '../http/html.js';
import { markdownToHtml } from './mini-markdown.js';

type Words = ReturnType<typeof strings>;
const snoozeFor = (duration: string, locale: Locale) => fill(strings(locale).snoozeFor, { duration: durationWords(duration, locale) });

/**
 * The buttons of Gong's DingTalk card template (templates/dingtalk/alert-card.json): each shows
 * its text variable, as the template binds it; a card sent without one (a template set of its
 * own) shows the chat's words for it, as an admin would have typed them.
 */
const BUTTONS: { textKey: string; text: (locale: Locale) => string; params: Record<string, string>; whenKey?: string }[] = [
  { textKey: 'ackButton', text: (locale) => strings(locale).ack, params: { action: 'ack' }, whenKey: 'ackVisible' },
  { textKey: 'resolveButton', text: (locale) => strings(locale).resolve, params: { action: 'resolve' } },
  { textKey: 'assignButton', text: (locale) => strings(locale).assignMe, params: { action: 'assign' } },
  { textKey: 'snooze30mButton', text: (locale) => snoozeFor('30m', locale), params: { action: 'snooze', duration: '30m' } },
  { textKey: 'snooze2hButton', text: (locale) => snoozeFor('2h', locale), params: { action: 'snooze', duration: '2h' } },
  { textKey: 'snooze1dButton', text: (locale) => snoozeFor('1d', locale), params: { action: 'snooze', duration: '1d' } },
];

/** The key/value rows of the template: the label's variable, the chat's word for it, and the value's variable. */
const ROWS: { labelKey: string; word: StringKey; value: (params: Record<string, string>) => string | undefined }[] = [
  { labelKey: 'severityLabel', word: 'severity', value: (params) => params.severityText ?? params.severity },
  { labelKey: 'assigneeLabel', word: 'assignee', value: (params) => params.assignee },
  { labelKey: 'sourceLabel', word: 'source', value: (params) => params.source },
  { labelKey: 'startedLabel', word: 'started', value: (params) => params.startedAt && `${params.startedAt} (${params.duration ?? ''})` },
  { labelKey: 'escalationLabel', word: 'escalation', value: (params) => params.escalation },
];

/**
 * A DingTalk interactive card drawn from its cardParamMap the way Gong's template lays it out
 * (title, state tag, summary, key/value rows, an incident's counts and alerts, labels, links,
 * button group), in the words of the chat's `locale` where the card's variables carry none.
 */
export function dingtalkCardHtml(params: Record<string, string>, interactive: boolean, locale: Locale): string {
  const t: Words = strings(locale);
  const row = (key: string, value: string | undefined) => (value ? `<div class="dt-row"><span>${escapeHtml(key)}</span><span>${markdownToHtml(value)}</span></div>` : '');
  const buttons =
    params.buttonsVisible === 'false'
      ? ''
      : BUTTONS.filter((b) => !b.whenKey || params[b.whenKey] !== 'false')
          .map((b) => {
            const data = interactive ? ` data-click="${escapeHtml(JSON.stringify({ params: b.params }))}"` : ' disabled';
            return `<button type="button" class="dt-btn${b.params.action === 'ack' ? ' dt-primary' : ''}"${data}>${escapeHtml(params[b.textKey] || b.text(locale))}</button>`;
          })
          .join('');
  const rows = ROWS.map((r) => row(params[r.labelKey] || t[r.word], r.value(params))).join('');
  return `<article class="dt-card dt-${escapeHtml(params.state ?? 'triggered')}">
<div class="dt-title">${escapeHtml(`${params.severityEmoji ?? ''} ${params.alertId ?? ''} ${params.title ?? ''}`)}</div>
<span class="dt-tag">${escapeHtml(params.stateText ?? '')}</span>
${params.summary ? `<div class="dt-md">${markdownToHtml(params.summary)}</div>` : ''}
<div class="dt-rows">${rows}</div>
${params.alertCounts ? `<div class="dt-md"><strong>${escapeHtml(params.alertCounts)}</strong></div>` : ''}
${params.alerts ? `<div class="dt-md dt-alerts">${markdownToHtml(params.alerts)}</div>` : ''}
${params.labels ? `<div class="dt-md dt-labels">${markdownToHtml(params.labels)}</div>` : ''}
${params.links ? `<div class="dt-md">${markdownToHtml(params.links)}</div>` : ''}
${buttons ? `<div class="dt-actions">${buttons}</div>` : ''}</article>`;
}
