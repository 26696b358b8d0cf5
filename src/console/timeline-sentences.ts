import type { AlertEventRow } from '../db/alert-json.js';
import { escapeHtml } from '../http/html.js';

const PLATFORMS: Record<string, string> = { dingtalk: 'DingTalk', lark: 'Lark', wecom: 'WeCom', api: 'API', cli: 'CLI', console: 'console', system: 'Gong', source: 'source' };

/** `#42` linking to the incident's page; nothing when the detail is not an incident number. */
const incidentLink = (value: unknown) => (Number.isSafeInteger(value) && (value as number) > 0 ? `<a href="/console/incidents/${value}">#${value}</a>` : '');
const count = (details: Record<string, unknown>) => (Array.isArray(details.alerts) ? details.alerts.length : 0);
const alertsWord = (n: number) => `${n} alert${n === 1 ? '' : 's'}`;
const text = (value: unknown) => (typeof value === 'string' ? escapeHtml(value) : '');

/** What happened, as a sentence of HTML: "Alice acknowledged", "3 alerts joined", "merged into #42". */
export function eventSentence(event: Pick<AlertEventRow, 'type' | 'actor' | 'details'>): string {
  const who = `<strong>${escapeHtml(event.actor)}</strong>`;
  const d = event.details;
  switch (event.type) {
    case 'opened':
      return `Opened by ${who}`;
    case 'acknowledged':
      return `${who} acknowledged`;
    case 'unacknowledged':
      return `${who} took back the acknowledgement`;
    case 'resolved':
      return `${who} resolved${d.note ? `: “${text(d.note)}”` : ''}`;
    case 'reopened':
      return `${who} reopened`;
    case 'assigned':
      return `${who} assigned it to <strong>${text(d.assignee)}</strong>`;
    case 'snoozed':
      return `${who} snoozed it${d.duration ? ` for ${text(d.duration)}` : ''}`;
    case 'unsnoozed':
      return `${who} unsnoozed it`;
    case 'snooze-ended':
      return 'The snooze ended';
    case 'escalated':
      return d.manual || d.step === undefined
        ? `${who} escalated`
        : `Escalation step ${text(String(d.step))} of ${text(d.policy)} called ${Array.isArray(d.mentions) && d.mentions.length ? d.mentions.map(text).join(', ') : 'no one'}`;
    case 'commented':
      return `${who}: “${text(d.text)}”`;
    case 'alerts-joined':
      return `${alertsWord(count(d))} joined`;
    case 'alerts-resolved':
      return `${alertsWord(count(d))} resolved at the source`;
    case 'alerts-refired':
      return `${alertsWord(count(d))} fired again`;
    case 'merged':
      return `${who} merged ${incidentLink(d.from)} into this incident (${alertsWord(count(d))})`;
    case 'merged-into':
      return `${who} merged this incident into ${incidentLink(d.into)}`;
    case 'split':
      return `${who} moved ${alertsWord(count(d))} to a new incident ${incidentLink(d.into)}`;
    case 'split-from':
      return `${who} split this incident from ${incidentLink(d.from)}`;
    default:
      return `${who}: ${escapeHtml(event.type)}`;
  }
}

/**
 * The timeline as list items: "Alice acknowledged · Lark · 08:46". The date is written when it
 * differs from the previous line's, so a long incident still reads unambiguously.
 */
export function timelineItems(events: readonly AlertEventRow[], time: (date: Date) => string): string {
  let day = '';
  return events
    .map((event) => {
      const when = time(event.at);
      const shown = when.slice(0, 10) === day ? when.slice(11) : when;
      day = when.slice(0, 10);
      const platform = event.platform === 'source' ? '' : ` · ${escapeHtml(PLATFORMS[event.platform] ?? event.platform)}`;
      return `<li>${eventSentence(event)}${platform} · <time datetime="${event.at.toISOString()}">${shown}</time></li>`;
    })
    .join('');
}
