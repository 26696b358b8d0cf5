import { JSON_ESCAPES, MARKDOWN_ESCAPES } from './escape.js';
import type { LoadedTemplate } from './template-files.js';
import { TemplateError, locate } from './template-error.js';

/** Renders a Markdown template. */
export function renderMarkdown(template: LoadedTemplate, data: object): string {
  return template.compiled.render(data, MARKDOWN_ESCAPES).trim();
}

/**
 * Renders a JSON template and parses it: escaping keeps values inside their strings, so output
 * that does not parse is the template's own fault, reported at its line in the output.
 */
export function renderJson(template: LoadedTemplate, data: object): Record<string, unknown> {
  const output = template.compiled.render(data, JSON_ESCAPES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    throw new TemplateError(template.name, `the output is not JSON: ${(error as Error).message}`, locate(output, at ? Number(at[1]) : 0));
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TemplateError(template.name, 'the output must be one JSON object');
  }
  return parsed as Record<string, unknown>;
}
