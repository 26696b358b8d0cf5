import { LINE_ESCAPES, MARKDOWN_ESCAPES, Markdown } from './escape.js';
import type { CompiledTemplate } from '../shared/template-engine.js';
import { mustacheEngine } from '../shared/mustache-engine.js';
import { truncate } from '../cards/markdown.js';

/** The heading of every card and message about an alert, unless a chat sets `card.title`. */
export const DEFAULT_TITLE = '{{emoji}} #{{id}} {{title}}';

// Title formats are short and few (one per chat): compiled once each.
const compiled = new Map<string, CompiledTemplate>();

/** A chat's title format, compiled; throws TemplateSyntaxError when it does not parse. */
function titleFormat(source: string): CompiledTemplate {
  let format = compiled.get(source);
  if (!format) {
    format = mustacheEngine.compile(source);
    compiled.set(source, format);
  }
  return format;
}

/**
 * Renders a title format over an alert's template values: as Markdown for Markdown slots (the
 * format's own text as written, values escaped) and as one line of plain text for the others.
 */
export function renderTitle(source: string, data: object, max: number): Markdown {
  const format = titleFormat(source);
  const oneLine = (text: string) => text.trim().replace(/\s*\n\s*/g, ' ');
  return new Markdown(oneLine(format.render(data, MARKDOWN_ESCAPES)), truncate(oneLine(format.render(data, LINE_ESCAPES)), max));
}
