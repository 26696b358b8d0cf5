import { escapeMarkdown } from '../platforms/markdown.js';
import type { Escape, Escapes } from './engine.js';

// Control characters other than tab and newline render as garbage or are refused by the platforms.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Markdown Gong built itself from escaped parts (links, notices' bodies). Only code can make one,
 * so a template can print it as Markdown while every other value is escaped.
 */
export class Markdown {
  constructor(readonly source: string) {}
  toString(): string {
    return this.source;
  }
}

/** Any value as text without control characters, for plain-text fields built in code. */
export function plainText(value: unknown): string {
  return String(value ?? '').replace(CONTROL, '');
}

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
