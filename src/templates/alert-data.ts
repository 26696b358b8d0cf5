import type { AlertView } from '../platforms/alert-view.js';
import { markdownLink, truncate } from '../platforms/markdown.js';
import { strings } from '../platforms/strings.js';
import { Markdown } from './escape.js';

/**
 * Caps on what one value may contribute, chosen so that even a value escaped at five characters
 * per character keeps every card under the smallest platform limit (DingTalk's 15,000 bytes).
 */
export const MAX = { title: 200, text: 200, summary: 1000, labelKey: 40, labelValue: 100, url: 1000 } as const;

/**
 * What every alert template sees: the view, with outside text capped, the locale's labels as `t`,
 * and flags for sections, since a logic-less template cannot compare values.
 */
export function alertData(view: AlertView) {
  const cap = (text: string | null, max: number = MAX.text) => (text === null ? null : truncate(text, max));
  const resolved = view.state === 'resolved';
  const links = view.links.filter((link) => link.url.length <= MAX.url);
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
    summary: cap(view.summary, MAX.summary),
    // `last` lets a template put a separator between items, which Mustache cannot do alone.
    labels: view.labels.map(([key, value], index) => ({
      key: truncate(key, MAX.labelKey),
      value: truncate(value, MAX.labelValue),
      last: index === view.labels.length - 1,
    })),
    startedAt: view.startedAt,
    duration: view.duration,
    snoozedUntil: view.snoozedUntil,
    escalation: cap(view.escalation),
    links: links.map((link) => ({ title: link.title, url: link.url, link: new Markdown(markdownLink(link.title, link.url)) })),
    /** The links as one Markdown line, " · " between them. */
    linkLine: new Markdown(links.map((link) => markdownLink(link.title, link.url)).join(' · ')),
    is: {
      [view.state]: true,
      [view.severity]: true,
      snoozed: !resolved && view.snoozedUntil !== null,
      repeated: view.count > 1,
    },
    t: strings(view.locale),
  };
}

export type AlertData = ReturnType<typeof alertData>;
