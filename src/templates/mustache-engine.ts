import Mustache from 'mustache';
import { type CompiledTemplate, type Escape, type Escapes, type TemplateEngine, TemplateSyntaxError } from './engine.js';

type Token = [string, string, number, number, Token[]?, number?];

/**
 * Mustache, with two rules of Gong's: no unescaped tags (`{{{x}}}`, `{{&x}}`), so every value
 * passes an escape; and no partials, so a template is one self-contained file.
 */
export const mustacheEngine: TemplateEngine = {
  compile(source: string): CompiledTemplate {
    let tokens: Token[];
    try {
      tokens = Mustache.parse(source) as unknown as Token[];
    } catch (error) {
      const message = (error as Error).message;
      const at = /at (\d+)$/.exec(message);
      throw new TemplateSyntaxError(message.replace(/ at \d+$/, ''), at ? Number(at[1]) : 0);
    }
    refuseUnsafe(tokens);
    return { render: (view, escapes) => render(source, view, escapes) };
  },
};

function refuseUnsafe(tokens: Token[]): void {
  for (const token of tokens) {
    const [type, name, start] = token;
    if (type === '&') throw new TemplateSyntaxError(`"${name}" is printed unescaped; use {{${name}}}`, start);
    if (type === '>') throw new TemplateSyntaxError(`partials ("${name}") are not supported`, start);
    if (type === '=') throw new TemplateSyntaxError('changing delimiters is not supported', start);
    if (token[4]) refuseUnsafe(token[4]);
  }
}

function render(source: string, view: object, escapes: Escapes): string {
  // Mustache calls one escape per render; a section lambda swaps which one is current while its
  // body renders, which is how `{{#text}}…{{/text}}` changes the escape for the values inside.
  let current: Escape = escapes.escape;
  const switches = Object.fromEntries(
    Object.entries(escapes.sections ?? {}).map(([name, escape]) => [
      name,
      () => (body: string, renderBody: (text: string) => string) => {
        const outer = current;
        current = escape;
        try {
          return renderBody(body);
        } finally {
          current = outer;
        }
      },
    ]),
  );
  return Mustache.render(source, { ...view, ...switches }, {}, { escape: (value: unknown) => current(value) });
}
