import { escapeMarkdown } from '../cards/markdown.js';
import type { Escape, Escapes } from '../shared/template-engine.js';

// Control characters other than tab and newline render as garbage or are refused by the platforms.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Markdown Gong built itself from escaped parts (links, notices' bodies). Only code can make one,
 * so a template can print it as Markdown while every other value is escaped. `plain` is what a
 * plain-text slot shows instead, when that differs (a heading whose title holds `*`).
 */
export class Markdown {
  constructor(
    readonly source: string,
    private readonly plain: string = source,
  ) {}
  toString(): string {
    return this.plain;
  }
}

/** Any value as text without control characters, for plain-text fields built in code. */
export function plainText(value: unknown): string {
  return String(value ?? '').replace(CONTROL, '');
}

/** For one line of plain text (a notice's title): no control characters and no line breaks. */
export const plainLine: Escape = (value) => plainText(value).replace(/[\r\n\t]+/g, ' ');

/** For a slot inside a JSON string literal ("content": "{{title}}"): quotes and backslashes cannot end it. */
export const jsonString: Escape = (value) => JSON.stringify(plainText(value)).slice(1, -1);

/** For a Markdown slot: emphasis, links and `<at>` tags arrive as inert text. */
export const markdown: Escape = (value) => (value instanceof Markdown ? plainText(value.source) : escapeMarkdown(plainText(value)));

/** For Markdown that is itself inside a JSON string, as in a Lark card's markdown element. */
export const markdownInJson: Escape = (value) => jsonString(markdown(value));

/**
 * JSON templates: every value is Markdown-escaped by default, because most card text is
 * Markdown; `{{#text}}…{{/text}}` is for plain-text fields, where an escape would show.
 */
export const JSON_ESCAPES: Escapes = { escape: markdownInJson, sections: { text: jsonString } };

export const MARKDOWN_ESCAPES: Escapes = { escape: markdown };

/** Notice bodies and replies: Markdown, with their `{{#subject}}…{{/subject}}` line taken out as plain text. */
export const BODY_ESCAPES: Escapes = { escape: markdown, captures: { subject: plainLine } };

/**
 * Plain-text messages (`.txt` templates, such as a Lark custom bot's text follow-up): platforms
 * read `<at …>` in text as a mention, so `<` arrives as a look-alike that cannot open a tag.
 */
export const TEXT_ESCAPES: Escapes = { escape: (value) => plainText(value).replace(/</g, '‹') };

/** A title format of a chat's card options: plain text, escaped later for wherever it is shown. */
export const LINE_ESCAPES: Escapes = { escape: plainLine };
