import type { ActionUrl, AlertView, CardButton } from '../../cards/alert-view.js';
import { markdownLink, truncate } from '../../cards/markdown.js';
import { fill, strings } from '../../cards/strings.js';
import { durationWords } from '../../cards/duration-text.js';
import { alertData } from '../../templates/alert-data.js';
import { Markdown, plainText } from '../../templates/escape.js';
import { renderMarkdown } from '../../templates/render.js';
import type { ChannelKind } from '../../cards/channel.js';
import { choiceOf } from '../../templates/compose.js';
import { loadTemplate } from '../../templates/template-files.js';
import { drawWithFittingAlerts } from '../../cards/fit-alert-list.js';

/**
 * What an incident's alert list may fill a markdown message up to, of DingTalk's 15,000 bytes:
 * the rest is for the action links appended after it.
 */
const MARKDOWN_ROOM = 10_000;

export interface ActionButton {
  title: string;
  url: string;
}

export interface MarkdownMessage {
  /** What the chat list and notifications show. */
  title: string;
  text: string;
}

/** The alert's current buttons as links; Snooze becomes one link per duration. */
export function actionButtons(view: AlertView, actionUrl: ActionUrl): ActionButton[] {
  const t = strings(view.locale);
  const label: Record<Exclude<CardButton, 'snooze'>, string> = {
    ack: t.ack,
    unack: t.unack,
    resolve: t.resolve,
    reopen: t.reopen,
    assign: t.assignMe,
  };
  return view.buttons.flatMap((button) =>
    button === 'snooze'
      ? view.snoozeChoices.map((duration) => ({ title: fill(t.snoozeFor, { duration: durationWords(duration, view.locale) }), url: actionUrl('snooze', { duration }) }))
      : [{ title: label[button], url: actionUrl(button) }],
  );
}

/**
 * The whole alert as DingTalk markdown, for chats without interactive cards. `keyword` is put
 * in the heading when the text lacks every keyword a custom robot requires. An incident's
 * message lists as many of its alerts as keep its text within `room` bytes.
 */
export function alertMarkdown(view: AlertView, kind: ChannelKind, keywords: readonly string[] = [], room = MARKDOWN_ROOM): MarkdownMessage {
  return drawWithFittingAlerts(view, (fitted) => withKeyword(fitted, kind, 'alert-markdown.md', keywords), (message) => Buffer.byteLength(message.text, 'utf8') <= room);
}

/** A robot message cannot be edited: each change is this short note under the first message. */
export function followUpMarkdown(view: AlertView, kind: ChannelKind, keywords: readonly string[] = []): MarkdownMessage {
  return withKeyword(view, kind, 'follow-up.md', keywords);
}

/** Appends the action links as one markdown line (for messages without real buttons). */
export function withActionLinks(message: MarkdownMessage, buttons: ActionButton[]): MarkdownMessage {
  if (buttons.length === 0) return message;
  const line = buttons.map((button) => markdownLink(button.title, button.url)).join(' · ');
  return { ...message, text: `${message.text}\n\n${line}` };
}

function withKeyword(view: AlertView, kind: ChannelKind, file: string, keywords: readonly string[]): MarkdownMessage {
  const template = loadTemplate(choiceOf(view, kind), file);
  const data = alertData(view);
  const render = (keyword: string | null): MarkdownMessage => ({
    title: `${keyword ? `${keyword} ` : ''}${truncate(`${data.emoji} #${view.id} ${plainText(view.title)}`, 100)}`,
    // The keyword is the admin's own, and must appear exactly as typed: it is not escaped.
    text: renderMarkdown(template, { ...data, keyword: keyword && new Markdown(`${keyword} `) }),
  });
  const plain = render(null);
  // Custom robots drop a message whose text lacks all their keywords: put the first one in the heading.
  const [keyword] = keywords;
  return keyword === undefined || keywords.some((k) => plain.text.includes(k)) ? plain : render(keyword);
}
