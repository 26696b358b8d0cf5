import { z } from 'zod';
import { mustacheEngine } from '../shared/mustache-engine.js';
import { TemplateSyntaxError } from '../shared/template-engine.js';

/** The facts of an alert card a chat can show or hide without writing a template set. */
export const CARD_FIELDS = ['severity', 'status', 'summary', 'source', 'assignee', 'started', 'duration', 'count', 'snoozedUntil', 'escalation', 'labels', 'links'] as const;
export type CardField = (typeof CARD_FIELDS)[number];

/**
 * `card:` on a chat: which facts its cards show (in the templates' own order) and the title's
 * format, a one-line Mustache template over the alert variables (compiled for use by templates/).
 */
export const cardOptionsSchema = z.strictObject({
  fields: z.array(z.enum(CARD_FIELDS)).optional(),
  title: z
    .string()
    .min(1)
    .max(200)
    .superRefine((source, ctx) => {
      try {
        mustacheEngine.compile(source);
      } catch (error) {
        if (!(error instanceof TemplateSyntaxError)) throw error;
        ctx.addIssue({ code: 'custom', message: `not a valid title format: ${error.message}` });
      }
    })
    .optional(),
});

export type CardOptions = z.output<typeof cardOptionsSchema>;
