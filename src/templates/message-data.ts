import { type ViewOptions, buildAlertView, formatTime } from '../cards/alert-view.js';
import { durationText, durationWords } from '../cards/duration-text.js';
import { type Locale, platformName } from '../cards/strings.js';
import { markdownLink, truncate } from '../cards/markdown.js';
import { COMMAND_USAGE } from '../domain/command.js';
import { MAX, alertData } from './alert-data.js';
import { Markdown } from './escape.js';
import type { AlertRow } from '../db/alert-json.js';
import type { NoticeBody, ReplyBody, ShownAlert, ShownEvent } from './messages.js';
import type { AlertStats } from '../domain/stats.js';
import { labelsApart } from '../domain/grouping.js';

const EMOJI = { critical: '🔴', warning: '🟠', info: '🔵', resolved: '✅' } as const;
const mean = (ms: number | null, locale: Locale) => (ms === null ? '—' : durationText(ms, locale));
const title = (text: string) => truncate(text, MAX.title);
const first = <T>(items: T[], max: number) => ({ items: items.slice(0, max).map((item, index, all) => ({ ...item, last: index === all.length - 1 })), more: items.length > max });

/** A URL a template may print inside `(…)`: plain http(s) only, anything else is left out. */
const safeUrl = (url: string) => (markdownLink('x', url) === 'x' ? null : new Markdown(url));

/** The statistics' figures as templates print them. */
function figures(stats: AlertStats, locale: Locale) {
  return {
    total: stats.total,
    alerts: stats.alerts,
    resolved: stats.resolved,
    unresolved: stats.unresolved,
    mtta: mean(stats.mttaMs, locale),
    mttr: mean(stats.mttrMs, locale),
    noisiest: stats.noisiest.map((item) => ({ title: title(item.title), count: item.count })),
  };
}

/** What a notice template sees: the body's values, capped, durations in the locale's words, and `is.<kind>` / `is.<event>` flags. */
export function noticeValues(body: NoticeBody, locale: Locale): object {
  switch (body.kind) {
    case 'escalation':
      return { is: { escalation: true }, id: body.alertId, title: title(body.title), step: body.step, round: body.round > 0 ? body.round : null, waited: durationText(body.waitedMs, locale) };
    case 'update':
      return { is: { update: true, [body.event]: true }, event: body.event, id: body.alertId, title: title(body.title), actor: truncate(body.actor, MAX.text), assignee: body.assignee ? truncate(body.assignee, MAX.text) : null, note: body.note ? truncate(body.note, MAX.summary) : null, fromSource: body.fromSource === true };
    case 'stats':
      return { is: { stats: true }, date: body.date, until: body.until, ...figures(body.figures, locale) };
    case 'storm': {
      const { counts } = body;
      const top = first(counts.firingByTitle.map((item) => ({ title: title(item.title), count: item.count })), 10);
      return {
        is: { storm: true },
        groupKey: body.groupKey ? truncate(body.groupKey, MAX.text) : null,
        total: counts.total,
        alerts: counts.alerts,
        firing: counts.byState.triggered + counts.byState.acknowledged || null,
        ...counts.byState,
        top: top.items,
        more: top.more,
        url: safeUrl(body.link),
      };
    }
    case 'test':
      return { is: { test: true }, source: body.source ?? null };
  }
}

/** Labels shown per alert: enough to tell alerts apart, few enough to keep the reply under DingTalk's size. */
const LABELS_PER_ALERT = 3;
const LABEL_VALUE = 60;

/** Timeline events `show` words as sentences (`does.<name>`); any other type is printed as it is. */
const EVENT_SENTENCES: Record<string, string> = {
  opened: 'opened',
  acknowledged: 'acknowledged',
  unacknowledged: 'unacknowledged',
  resolved: 'resolved',
  reopened: 'reopened',
  assigned: 'assigned',
  snoozed: 'snoozed',
  unsnoozed: 'unsnoozed',
  'snooze-ended': 'snoozeEnded',
  escalated: 'escalated',
  commented: 'commented',
  'alerts-joined': 'alertsJoined',
  'alerts-resolved': 'alertsResolved',
  'alerts-refired': 'alertsRefired',
  merged: 'merged',
  'merged-into': 'mergedInto',
  split: 'split',
  'split-from': 'splitFrom',
};

/**
 * The labels an alert does not share with the rest of its incident: what tells it apart. Its
 * severity is its incident's business, and an alertname that is its own title is shown as the title.
 */
function shownLabels(alert: ShownAlert, common: Record<string, string>) {
  const apart = labelsApart(alert.labels, common, alert.title, ['severity']);
  const shown = apart.slice(0, LABELS_PER_ALERT);
  return shown.map(([key, value], index) => ({ key: truncate(key, MAX.labelKey), value: truncate(value, LABEL_VALUE), first: index === 0 }));
}

/** Which sentence tells an event: Gong taking back an acknowledgement nobody followed up is not a person's undoing. */
function sentenceOf(event: ShownEvent): string {
  if (event.type === 'unacknowledged' && event.platform === 'system') return 'ackTimedOut';
  return EVENT_SENTENCES[event.type] ?? 'other';
}

/** A timeline event's values: who and when, `does.<sentence>`, and what its details name (ids are Gong's own numbers). */
function eventValues(event: ShownEvent, time: (date: Date) => string, locale: Locale) {
  const id = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) ? value : null);
  const text = (value: unknown, max: number) => (typeof value === 'string' ? truncate(value, max) : null);
  const { details } = event;
  const count = Array.isArray(details.alerts) ? details.alerts.length : null;
  const until = typeof details.until === 'string' && !Number.isNaN(Date.parse(details.until)) ? time(new Date(details.until)).slice(11) : null;
  const called = Array.isArray(details.mentions) ? details.mentions.filter((name): name is string => typeof name === 'string').slice(0, 10) : [];
  return {
    time: time(event.at).slice(11),
    type: truncate(event.type, 50),
    does: { [sentenceOf(event)]: true },
    actor: truncate(event.actor, MAX.text),
    // The source resolving an incident is a recovery; a person resolving it is not.
    fromSource: event.platform === 'source',
    // Where a person acted from, in the locale's words; the source and Gong itself need no "via".
    via: event.platform === 'source' || event.platform === 'system' ? null : truncate(platformName(event.platform, locale), 20),
    count,
    one: count === 1,
    from: id(details.from),
    into: id(details.into),
    assignee: text(details.assignee, MAX.text),
    // Stored as a command writes it (`2h`); told in the locale's words.
    duration: typeof details.duration === 'string' ? truncate(durationWords(details.duration, locale), 20) : null,
    until,
    step: id(details.step),
    /** Whom an escalation step called, `last` marking the end of the list. */
    called: called.map((name, index) => ({ name: truncate(name, MAX.text), last: index === called.length - 1 })),
    comment: text(details.text, MAX.text),
    note: text(details.note, MAX.text),
  };
}

/** What `done` answers: `did.<event>` for the events the templates word, `did.other` for the rest. */
export function didOf(event: string): Record<string, true> {
  return { [DONE_EVENTS.has(event) ? event : 'other']: true };
}

const DONE_EVENTS = new Set(['acknowledged', 'unacknowledged', 'resolved', 'reopened', 'assigned', 'snoozed', 'unsnoozed', 'escalated', 'commented']);

/**
 * What the reply template sees: `is.<kind>` picks the section; alerts are viewed in the chat's
 * options; `reason` is a refusal already worded by `refusal.txt`.
 */
export function replyValues(body: ReplyBody, options: ViewOptions, reason: string | null = null): object {
  const time = (date: Date) => formatTime(date, options.timeZone);
  const view = (alert: AlertRow) => alertData(buildAlertView(alert, options));
  switch (body.kind) {
    case 'help':
    case 'unknown':
      // Usage lines are Gong's own, shown as code: printed as they are, not escaped.
      return {
        is: { [body.kind]: true },
        verb: body.kind === 'unknown' ? truncate(body.verb, 50) : null,
        commands: Object.values(COMMAND_USAGE).map((usage) => new Markdown(usage)),
        usage: Object.fromEntries(Object.entries(COMMAND_USAGE).map(([verb, usage]) => [verb, new Markdown(usage)])),
      };
    case 'usage':
      return { is: { usage: true }, usage: new Markdown(body.usage) };
    case 'notFound':
      return { is: { notFound: true }, id: body.incidentId, orAlert: body.orAlert };
    case 'alertIn':
      return { is: { alertIn: true }, alert: body.alertId, incident: body.incidentId };
    case 'refused':
      return { is: { refused: true }, alert: view(body.alert), reason };
    case 'done':
      return { is: { done: true }, did: didOf(body.event), event: body.event, alert: view(body.alert) };
    case 'show': {
      const common = body.alert.commonLabels;
      return {
        is: { show: true },
        alert: view(body.alert),
        mergedInto: body.alert.mergedInto,
        several: body.total > 1,
        total: body.total,
        firing: body.firing,
        resolved: body.total - body.firing,
        alerts: body.alerts.map((alert) => ({
          id: alert.id,
          is: { [alert.status]: true },
          // An alert's own title only where it differs from the incident's.
          title: alert.title === body.alert.title ? null : title(alert.title),
          labels: shownLabels(alert, common),
        })),
        hidden: body.total - body.alerts.length,
        more: body.total > body.alerts.length ? safeUrl(body.link) : null,
        timeline: body.timeline.map((event) => eventValues(event, time, options.locale)),
      };
    }
    case 'list':
      return {
        is: { list: true, [body.scope]: true },
        incidents: body.incidents.map((incident) => ({
          ...incident,
          title: title(incident.title),
          assignee: incident.assignee && truncate(incident.assignee, MAX.text),
          emoji: EMOJI[incident.state === 'resolved' ? 'resolved' : incident.severity],
          single: incident.alertCount === 1,
          is: { [incident.state]: true },
        })),
        empty: body.incidents.length === 0,
        more: body.more,
      };
    case 'merged':
    case 'split':
      return {
        is: { [body.kind]: true },
        incident: view(body.incident),
        other: view(body.other),
        total: body.incident.alertCount,
        firing: body.incident.firingCount,
      };
    case 'cannotMerge':
      return { is: { cannotMerge: true }, from: body.from, into: body.into, reason };
    case 'cannotSplit':
      return { is: { cannotSplit: true }, incident: body.incidentId, alert: typeof body.alert === 'number' ? body.alert : truncate(body.alert, 100), reason };
    case 'oncall':
      return {
        is: { oncall: true },
        schedules: body.schedules.map((item) => ({ ...item, now: item.now && { ...item.now, until: time(new Date(item.now.to)) } })),
        none: body.schedules.length === 0,
      };
    case 'stats':
      return { is: { stats: true, [body.period]: true }, ...figures(body.figures, options.locale) };
  }
}
