import type { AlertView } from '../cards/alert-view.js';
import { markdownLink, truncate } from '../cards/markdown.js';
import { strings } from '../cards/strings.js';
import { CARD_FIELDS } from '../config/card-options.js';
import { DEFAULT_TITLE, renderTitle } from './title-format.js';
import { Markdown } from './escape.js';

/**
 * Caps on what one value may contribute, chosen so that even a value escaped at five characters
 * per character keeps every card under the smallest platform limit (DingTalk's 15,000 bytes).
 */
export const MAX = { title: 200, text: 200, summary: 1000, labelKey: 40, labelValue: 100, url: 1000 } as const;

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
    },
    show,
    t: strings(view.locale),
  };
}

export type AlertData = ReturnType<typeof alertData>;
