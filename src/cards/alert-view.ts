import type { AlertRow } from '../db/alert-json.js';
import type { CardOptions } from '../config/card-options.js';
import { formatDuration } from '../domain/duration.js';
import { escalationLine } from './escalation-line.js';
import { type Locale, strings } from './strings.js';

export type CardButton = 'ack' | 'unack' | 'resolve' | 'reopen' | 'assign' | 'snooze';

/** For chats that cannot call back: the signed `/a/<token>` URL that performs an action on this alert. */
export type ActionUrl = (action: CardButton, args?: Record<string, string>) => string;

/** Everything any platform needs to draw one alert card, already formatted for people. */
export interface AlertView {
  id: number;
  title: string;
  severity: AlertRow['severity'];
  severityEmoji: string;
  severityText: string;
  state: AlertRow['state'];
  stateText: string;
  /** "Acknowledged by alice at 10:02", or the state alone. */
  statusLine: string;
  assignee: string | null;
  source: string;
  count: number;
  summary: string | null;
  /** The labels worth a glance, without the ones already shown as title and severity. */
  labels: [string, string][];
  startedAt: string;
  duration: string;
  snoozedUntil: string | null;
  /** Why Alertmanager did not take (or end) the snooze's silence; null when it did or never had to. */
  silenceError?: string | null;
  escalation: string | null;
  links: { title: string; url: string }[];
  buttons: CardButton[];
  snoozeChoices: string[];
  locale: Locale;
  /** The chat's template set (`templates/<platform>/<set>/`); `default` when absent. */
  template?: string;
  /** Where the templates are read from when not the install's `templates/`. */
  templatesDir?: string;
  /** The chat's choice of facts and title format (`card:`). */
  card?: CardOptions;
  version: number;
}

export interface ViewOptions {
  locale: Locale;
  template?: string;
  templatesDir?: string;
  card?: CardOptions;
  timeZone: string;
  /** Which labels the card lists: only `include` (in its order) when given, never `exclude`. */
  labels?: { include?: string[]; exclude?: string[] };
  /** Links built from annotations, after the standard ones. */
  links?: { title: string; annotation: string }[];
  now?: Date;
}

const EMOJI = { critical: '🔴', warning: '🟠', info: '🔵' } as const;
const HIDDEN_LABELS = new Set(['alertname', 'severity']);
export const SNOOZE_CHOICES = ['30m', '2h', '1d'];
const MAX_LABELS = 8;

export function buildAlertView(alert: AlertRow, options: ViewOptions): AlertView {
  const t = strings(options.locale);
  const now = options.now ?? new Date();
  const time = (date: Date) => formatTime(date, options.timeZone);
  const stateText = t[alert.state];
  const statusLine =
    alert.state === 'acknowledged' && alert.acknowledgedBy
      ? `${stateText} ${t.by} ${alert.acknowledgedBy} ${t.at} ${time(alert.acknowledgedAt!).slice(11)}`
      : alert.state === 'resolved' && alert.resolvedBy
        ? `${stateText} ${t.by} ${alert.resolvedBy} ${t.at} ${time(alert.resolvedAt!).slice(11)}`
        : stateText;
  const end = alert.resolvedAt ?? now;
  const snoozed = alert.snoozedUntil && alert.snoozedUntil > now ? alert.snoozedUntil : null;
  return {
    id: alert.id,
    title: alert.title,
    severity: alert.severity,
    severityEmoji: EMOJI[alert.severity],
    severityText: t[alert.severity],
    state: alert.state,
    stateText,
    statusLine,
    assignee: alert.assignee,
    source: alert.source,
    count: alert.count,
    summary: alert.description,
    labels: pickLabels(alert.labels, options.labels),
    startedAt: time(alert.startsAt),
    duration: formatDuration(end.getTime() - alert.startsAt.getTime()),
    snoozedUntil: snoozed ? time(snoozed) : null,
    silenceError: alert.state === 'resolved' ? null : alert.silenceError,
    escalation: escalationLine(alert, options.locale, (date) => time(date).slice(11), now),
    links: linksOf(alert, t, options.links ?? []),
    buttons: buttonsFor(alert.state),
    snoozeChoices: SNOOZE_CHOICES,
    locale: options.locale,
    ...(options.template && { template: options.template }),
    ...(options.templatesDir && { templatesDir: options.templatesDir }),
    ...(options.card && { card: options.card }),
    version: alert.version,
  };
}

function buttonsFor(state: AlertRow['state']): CardButton[] {
  if (state === 'triggered') return ['ack', 'resolve', 'assign', 'snooze'];
  if (state === 'acknowledged') return ['resolve', 'assign', 'snooze', 'unack'];
  return ['reopen'];
}

function pickLabels(labels: Record<string, string>, choice: ViewOptions['labels'] = {}): [string, string][] {
  const keys = choice.include ?? Object.keys(labels).filter((key) => !HIDDEN_LABELS.has(key));
  const exclude = new Set(choice.exclude);
  return keys
    .filter((key) => Object.hasOwn(labels, key) && !exclude.has(key))
    .slice(0, MAX_LABELS)
    .map((key) => [key, labels[key]!]);
}

function linksOf(alert: AlertRow, t: ReturnType<typeof strings>, extra: NonNullable<ViewOptions['links']>): { title: string; url: string }[] {
  const links: { title: string; url: string }[] = [];
  const add = (title: string, url: string | null | undefined) => {
    if (url && /^https?:\/\//.test(url)) links.push({ title, url });
  };
  add(t.generator, alert.url);
  add(t.dashboard, alert.annotations.dashboard ?? alert.annotations.dashboard_url);
  add(t.runbook, alert.annotations.runbook_url ?? alert.annotations.runbook);
  for (const link of extra) add(link.title, alert.annotations[link.annotation]);
  return links;
}

// Building an Intl.DateTimeFormat costs far more than using one, and every card renders several times.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `2026-01-02 10:02` in the configured zone. */
export function formatTime(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
