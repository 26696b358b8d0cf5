import type { AlertView } from '../cards/alert-view.js';
import { escapeMarkdown, markdownLink, truncate } from '../cards/markdown.js';
import { fill, strings } from '../cards/strings.js';
import { durationWords } from '../cards/duration-text.js';
import { CARD_FIELDS } from '../config/card-options.js';
import { DEFAULT_TITLE, renderTitle } from './title-format.js';
import { Markdown } from './escape.js';

/**
 * Caps on what one value may contribute, chosen so that even a value escaped at five characters
 * per character keeps every card under the smallest platform limit (DingTalk's 15,000 bytes).
 */
export const MAX = { title: 200, text: 200, summary: 1000, labelKey: 40, labelValue: 100, url: 1000, lineTitle: 100, lineValue: 60 } as const;

/**
 * What every alert template sees: the view, with outside text capped, the locale's labels as `t`,
 * and flags for sections, since a logic-less template cannot compare values. Facts the chat's
 * `card.fields` leave out are empty and their `show.<field>` flag false.
 */
export function alertData(view: AlertView) {
  const data = values(view);
  return { ...data, heading: renderTitle(view.card?.title ?? DEFAULT_TITLE, data, MAX.title) };
}

function values(view: AlertView) {
  const shown = new Set<string>(view.card?.fields ?? CARD_FIELDS);
  const show = Object.fromEntries(CARD_FIELDS.map((field) => [field, shown.has(field)])) as Record<(typeof CARD_FIELDS)[number], boolean>;
  const cap = (text: string | null, max: number = MAX.text) => (text === null ? null : truncate(text, max));
  const resolved = view.state === 'resolved';
  const links = show.links ? view.links.filter((link) => link.url.length <= MAX.url) : [];
  const labels = show.labels ? view.labels : [];
  const t = strings(view.locale);
  return {
    id: view.id,
    title: cap(view.title, MAX.title),
    severity: view.severity,
    severityText: view.severityText,
    emoji: resolved ? '✅' : view.severityEmoji,
    state: view.state,
    stateText: view.stateText,
    statusLine: cap(view.statusLine),
    assignee: cap(view.assignee),
    source: cap(view.source),
    count: view.count,
    summary: show.summary ? cap(view.summary, MAX.summary) : null,
    // `last` lets a template put a separator between items, which Mustache cannot do alone.
    labels: labels.map(([key, value], index) => ({
      key: truncate(key, MAX.labelKey),
      value: truncate(value, MAX.labelValue),
      last: index === labels.length - 1,
    })),
    ...incidentValues(view, t),
    startedAt: view.startedAt,
    duration: view.duration,
    snoozedUntil: show.snoozedUntil ? view.snoozedUntil : null,
    /** Shown whatever `card.fields` says: a snooze that does not reach Alertmanager must not pass unseen. */
    silenceError: cap(view.silenceError ?? null),
    escalation: show.escalation ? cap(view.escalation) : null,
    links: links.map((link) => ({ title: link.title, url: link.url, link: new Markdown(markdownLink(link.title, link.url)) })),
    /** The links as one Markdown line, " · " between them. */
    linkLine: new Markdown(links.map((link) => markdownLink(link.title, link.url)).join(' · ')),
    is: {
      [view.state]: true,
      [view.severity]: true,
      snoozed: !resolved && view.snoozedUntil !== null,
      repeated: show.count && view.count > 1,
      incident: isIncident(view),
      more: moreOf(view) > 0,
      merged: (view.incident?.mergedInto ?? null) !== null,
    },
    show,
    t,
    /** Each snooze button's text by its duration (`snoozeFor.2h`: "Snooze 2h", "静默 2 小时"). */
    snoozeFor: Object.fromEntries(view.snoozeChoices.map((duration) => [duration, fill(t.snoozeFor, { duration: durationWords(duration, view.locale) })])),
  };
}

/** Whether the card is an incident's of several alerts, with counts and a list (a merged one's is not). */
const isIncident = (view: AlertView): boolean => (view.incident?.counts ?? null) !== null;

/** How many of the incident's alerts its card leaves out of its list. */
function moreOf(view: AlertView): number {
  const incident = view.incident;
  return incident && isIncident(view) && incident.alerts ? Math.max(0, incident.alertCount - incident.alerts.length) : 0;
}

/**
 * An incident's alerts for its card: counts, the listed alerts (each with what tells it apart),
 * "+ N more" linking to the console's page of the incident, and the incident it was merged into.
 */
function incidentValues(view: AlertView, t: ReturnType<typeof strings>) {
  const incident = view.incident;
  const alertCount = incident?.alertCount ?? 1;
  const firingCount = incident?.firingCount ?? (view.state === 'resolved' ? 0 : 1);
  const lines = isIncident(view) ? (incident?.alerts ?? []) : [];
  const more = moreOf(view);
  const moreText = fill(t.moreAlerts, { n: more });
  const link = (text: string, url: string | null | undefined) => new Markdown(url && url.length <= MAX.url ? markdownLink(text, url) : escapeMarkdown(text), text);
  const mergedInto = incident?.mergedInto ?? null;
  return {
    alertCount,
    firingCount,
    resolvedCount: alertCount - firingCount,
    /** "3 firing · 1 resolved · 4 alerts", for an incident of several alerts. */
    alertCounts: incident?.counts ?? null,
    /** The same, a link to the incident's page in the console where Gong's URL is known. */
    alertCountsLink: isIncident(view) ? link(incident!.counts!, incident!.url) : null,
    alerts: lines.map((line, index) => ({
      emoji: line.emoji,
      firing: line.firing,
      title: line.title === null ? null : truncate(line.title, MAX.lineTitle),
      labels: line.labels.map(([key, value], at) => ({ key: truncate(key, MAX.labelKey), value: truncate(value, MAX.lineValue), last: at === line.labels.length - 1 })),
      last: index === lines.length - 1,
    })),
    more,
    /** "+ 12 more", a link to the incident's page in the console where Gong's URL is known. */
    moreLink: link(moreText, incident?.url),
    incidentUrl: incident?.url ?? null,
    mergedInto,
    /** "Merged into #42", a link to that incident's page where Gong's URL is known. */
    mergedLink: mergedInto === null ? null : link(fill(t.mergedInto, { id: mergedInto }), incident?.mergedUrl),
  };
}

export type AlertData = ReturnType<typeof alertData>;
