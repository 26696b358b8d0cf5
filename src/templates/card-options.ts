import { z } from 'zod';
import { LINE_ESCAPES, MARKDOWN_ESCAPES, Markdown } from './escape.js';
import type { CompiledTemplate } from './engine.js';
import { TemplateSyntaxError } from './engine.js';
import { mustacheEngine } from './mustache-engine.js';
import { truncate } from '../platforms/markdown.js';

/** The facts of an alert card a chat can show or hide without writing a template set. */
export const CARD_FIELDS = ['severity', 'status', 'summary', 'source', 'assignee', 'started', 'duration', 'count', 'snoozedUntil', 'escalation', 'labels', 'links'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/** The heading of every card and message about an alert, unless a chat sets `card.title`. */
export const DEFAULT_TITLE = '{{emoji}} #{{id}} {{title}}';

// Title formats are short and few (one per chat): compiled once each.
const compiled = new Map<string, CompiledTemplate>();

/** A chat's title format, compiled; throws TemplateSyntaxError when it does not parse. */
export function titleFormat(source: string): CompiledTemplate {
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

/**
 * `card:` on a chat: which facts its cards show (in the templates' own order) and the title's
 * format, a one-line Mustache template over the alert variables.
 */
export const cardOptionsSchema = z.strictObject({
  fields: z.array(z.enum(CARD_FIELDS)).optional(),
  title: z
    .string()
    .min(1)
    .max(200)
    .superRefine((source, ctx) => {
      try {
        titleFormat(source);
      } catch (error) {
        if (!(error instanceof TemplateSyntaxError)) throw error;
        ctx.addIssue({ code: 'custom', message: `not a valid title format: ${error.message}` });
      }
    })
    .optional(),
});

export type CardOptions = z.output<typeof cardOptionsSchema>;
