/**
 * The little Gong needs from a logic-less template engine. Renderers depend on this, not on one
 * library's API: templates are compiled once at load (so a broken one stops start-up), and each
 * render takes the escapes of its target format, because one engine fills card JSON, DingTalk
 * string parameters and Markdown alike.
 */

/** Turns one looked-up value into text that cannot break out of its slot in the output. */
export type Escape = (value: unknown) => string;

export interface Escapes {
  /** Used everywhere unless a section below says otherwise: the safest for the format. */
  escape: Escape;
  /** Section names that switch the escape for the values inside them, e.g. `{{#text}}…{{/text}}`. */
  sections?: Record<string, Escape>;
}

export interface CompiledTemplate {
  render(view: object, escapes: Escapes): string;
}

export interface TemplateEngine {
  /** Throws TemplateSyntaxError when the source does not parse or would print a value unescaped. */
  compile(source: string): CompiledTemplate;
}

/** A parse failure at a character offset; TemplateError turns it into a line and column. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}
