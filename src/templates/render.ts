import type { Escapes } from '../shared/template-engine.js';
import { BODY_ESCAPES, JSON_ESCAPES, MARKDOWN_ESCAPES, TEXT_ESCAPES } from './escape.js';
import { jsonErrorOffset } from './json-error-offset.js';
import type { LoadedTemplate } from './template-files.js';
import { TemplateError } from './template-error.js';

/** Renders a Markdown template. */
export function renderMarkdown(template: LoadedTemplate, data: object): string {
  return template.compiled.render(data, MARKDOWN_ESCAPES).trim();
}

/** Renders a plain-text template (`.txt`). */
export function renderText(template: LoadedTemplate, data: object): string {
  return template.compiled.render(data, TEXT_ESCAPES).trim();
}

/** A notice body or a reply: Markdown whose `{{#subject}}…{{/subject}}` line becomes its title. */
export function renderBody(template: LoadedTemplate, data: object): { title: string; markdown: string } {
  const captured: Record<string, string> = {};
  const markdown = template.compiled.render(data, BODY_ESCAPES, captured).trim();
  return { title: captured.subject ?? '', markdown };
}

/**
 * Renders a JSON template and parses it: escaping keeps values inside their strings, so output
 * that does not parse is the template's own fault, reported at the line of the template that
 * printed the offending part.
 */
export function renderJson(template: LoadedTemplate, data: object, escapes: Escapes = JSON_ESCAPES): Record<string, unknown> {
  const output = template.compiled.render(data, escapes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch (error) {
    const offset = Math.max(0, jsonErrorOffset(output));
    const line = template.compiled.sourceLine(data, escapes, offset);
    const near = JSON.stringify(output.slice(Math.max(0, offset - 20), offset + 20));
    throw new TemplateError(template.name, `the output is not JSON (${(error as Error).message.replace(/, (\.\.\.)?".*$/s, '')}) near ${near}`, line === undefined ? undefined : { line });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TemplateError(template.name, 'the output must be one JSON object');
  }
  return parsed as Record<string, unknown>;
}
