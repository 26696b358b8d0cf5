import { labelsApart } from '../domain/grouping.js';
import type { AlertRow } from '../db/alert-json.js';
import type { CardOptions } from '../config/card-options.js';
import { durationText } from './duration-text.js';
import { escalationLine } from './escalation-line.js';
import { type Locale, fill, strings } from './strings.js';

export type CardButton = 'ack' | 'unack' | 'resolve' | 'reopen' | 'assign' | 'snooze';

/** For chats that cannot call back: the signed `/a/<token>` URL that performs an action on this alert. */
export type ActionUrl = (action: CardButton, args?: Record<string, string>) => string;

/** What a card needs of one alert of an incident (an `incident_alerts` row). */
export interface IncidentAlert {
  id: number;
  status: 'firing' | 'resolved';
  title: string;
  severity: AlertRow['severity'];
  labels: Record<string, string>;
}

/** What a card shows of an incident beyond its row: its first alerts, and where the rest are. */
export interface IncidentAlerts {
  /** Its first alerts, firing before resolved, then oldest first, at most `CARD_ALERTS`. */
  alerts: readonly IncidentAlert[];
  /** Gong's public URL, for links to the console's incident pages. */
  publicUrl?: string;
}

/** One alert in an incident's card: what tells it apart from the incident's other alerts. */
export interface AlertLine {
  firing: boolean;
  /** Its severity's emoji while it fires, ✅ once its source resolved it. */
  emoji: string;
  /** Its own title, where that differs from the incident's; null otherwise. */
  title: string | null;
  /** Its labels that not every alert of the incident shares (but severity, which the emoji shows). */
  labels: [string, string][];
}

/** What an incident's card shows of its alerts, beyond what a one-alert card shows. */
export interface IncidentPart {
  /** How many alerts the incident holds, and how many of them fire. */
  alertCount: number;
  firingCount: number;
  /** "3 firing · 1 resolved · 4 alerts"; null when the incident holds one alert (its card looks as an alert's did). */
  counts: string | null;
  /**
   * The incident's first alerts; each platform lists as many as its card holds, then "+ N more".
   * Empty when it holds one alert; null when they were not loaded (a card that lists them keeps
   * its list where the platform allows, as DingTalk does).
   */
  alerts: AlertLine[] | null;
  /** The console's page of the incident, listing every alert; null when Gong's URL is unknown here. */
  url: string | null;
  /** The incident this one was merged into (it is then resolved), and that incident's page. */
  mergedInto: number | null;
  mergedUrl: string | null;
}

/** The most alerts any card lists; a platform whose card holds fewer lists fewer. */
export const CARD_ALERTS = 20;

/** Everything any platform needs to draw one alert card, already formatted for people. */
export interface AlertView {
  id: number;
  title: string;
  severity: AlertRow['severity'];
  severityEmoji: string;
  severityText: string;
  state: AlertRow['state'];
  stateText: string;
  /** "Acknowledged by alice at 10:02" ("alice 于 10:02 认领"), or the state alone. */
  statusLine: string;
  assignee: string | null;
  source: string;
  count: number;
  /** The incident's alerts; absent in views built by hand (tests), which show one alert. */
  incident?: IncidentPart;
  summary: string | null;
  /** The labels worth a glance, without the ones already shown as title and severity (for an incident of several alerts: the labels they share). */
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

/**
 * The card of an incident (an `alerts` row) for one chat. `incident` brings its first alerts for
 * the list an incident of several alerts shows; without it the list is unknown (null).
 */
export function buildAlertView(alert: AlertRow, options: ViewOptions, incident?: IncidentAlerts): AlertView {
  const t = strings(options.locale);
  const now = options.now ?? new Date();
  const time = (date: Date) => formatTime(date, options.timeZone);
  const stateText = t[alert.state];
  // A merged incident's alerts are the other incident's now: its card only says where they went.
  const several = alert.alertCount > 1 && alert.mergedInto === null;
  const page = (id: number) => (incident?.publicUrl ? `${incident.publicUrl}/console/incidents/${id}` : null);
  const statusLine =
    alert.mergedInto !== null
      ? fill(t.mergedInto, { id: alert.mergedInto })
      : alert.state === 'acknowledged' && alert.acknowledgedBy
      ? fill(t.acknowledgedBy, { who: alert.acknowledgedBy, time: time(alert.acknowledgedAt!).slice(11) })
      : alert.state === 'resolved' && alert.resolvedBy
        ? // Its source resolves an incident under its own name: that is a recovery, not a person's doing.
          fill(alert.resolvedBy === alert.source ? t.recovered : t.resolvedBy, { who: alert.resolvedBy, time: time(alert.resolvedAt!).slice(11) })
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
    incident: {
      alertCount: alert.alertCount,
      firingCount: alert.firingCount,
      counts: several ? fill(t.alertCounts, { firing: alert.firingCount, resolved: alert.alertCount - alert.firingCount, total: alert.alertCount }) : null,
      alerts: !several ? [] : incident ? incident.alerts.slice(0, CARD_ALERTS).map((member) => alertLine(member, alert, options.labels)) : null,
      url: page(alert.id),
      mergedInto: alert.mergedInto,
      mergedUrl: alert.mergedInto === null ? null : page(alert.mergedInto),
    },
    summary: alert.description,
    labels: pickLabels(alert.alertCount > 1 ? alert.commonLabels : alert.labels, options.labels),
    startedAt: time(alert.startsAt),
    duration: durationText(end.getTime() - alert.startsAt.getTime(), options.locale),
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

const MAX_LINE_LABELS = 4;

/** An alert of the incident as its card lists it: the labels it does not share with all the others. */
function alertLine(member: IncidentAlert, incident: AlertRow, choice: ViewOptions['labels'] = {}): AlertLine {
  // Severity shows as the emoji; a title of its own is its alertname, shown once, as the title.
  const labels = labelsApart(member.labels, incident.commonLabels, member.title, [...(choice.exclude ?? []), 'severity']).slice(0, MAX_LINE_LABELS);
  const firing = member.status === 'firing';
  return { firing, emoji: firing ? EMOJI[member.severity] : '✅', title: member.title === incident.title ? null : member.title, labels };
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
