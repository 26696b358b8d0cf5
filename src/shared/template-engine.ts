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
  /**
   * Section names whose body is rendered with this escape, handed back through `captured` and
   * left out of the output: a notice template's `{{#subject}}…{{/subject}}` line is its title.
   */
  captures?: Record<string, Escape>;
}

export interface CompiledTemplate {
  /** Fills the template; each capture section's text is stored in `captured` under its name. */
  render(view: object, escapes: Escapes, captured?: Record<string, string>): string;
  /** The 1-based line of the template source that produced the output at `offset`, for error messages. */
  sourceLine(view: object, escapes: Escapes, offset: number): number | undefined;
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
