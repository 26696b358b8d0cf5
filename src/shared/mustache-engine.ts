import Mustache from 'mustache';
import { type CompiledTemplate, type Escape, type Escapes, type TemplateEngine, TemplateSyntaxError } from './template-engine.js';

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
    return {
      render: (view, escapes, captured) => render(source, view, escapes, captured),
      sourceLine: (view, escapes, offset) => sourceLine(source, view, escapes, offset),
    };
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

function render(source: string, view: object, escapes: Escapes, captured: Record<string, string> = {}): string {
  // Mustache calls one escape per render; a section lambda swaps which one is current while its
  // body renders, which is how `{{#text}}…{{/text}}` changes the escape for the values inside.
  let current: Escape = escapes.escape;
  const using = (escape: Escape, body: string, renderBody: (text: string) => string) => {
    const outer = current;
    current = escape;
    try {
      return renderBody(body);
    } finally {
      current = outer;
    }
  };
  const lambdas = {
    ...Object.fromEntries(Object.entries(escapes.sections ?? {}).map(([name, escape]) => [name, () => (body: string, renderBody: (text: string) => string) => using(escape, body, renderBody)])),
    ...Object.fromEntries(
      Object.entries(escapes.captures ?? {}).map(([name, escape]) => [
        name,
        () => (body: string, renderBody: (text: string) => string) => {
          captured[name] = using(escape, body, renderBody).trim();
          return '';
        },
      ]),
    ),
  };
  return Mustache.render(source, { ...view, ...lambdas }, {}, { escape: (value: unknown) => current(value) });
}

// Private-use characters no template or escaped value contains: a line marker is START line END.
const START = '\uE000';
const END = '\uE001';
// A line holding only a section, inverted, closing or comment tag disappears from the output
// (Mustache's standalone rule); a marker on it would change the output it is meant to explain.
const STANDALONE = /^\s*\{\{\s*[#^/!][^}]*\}\}\s*$/;

/**
 * Renders the template again with a marker at the start of every line that prints something:
 * the last marker before the offset names the source line behind that part of the output.
 */
function sourceLine(source: string, view: object, escapes: Escapes, offset: number): number | undefined {
  const marked = source
    .split('\n')
    .map((line, index) => (STANDALONE.test(line) || line.trim() === '' ? line : line.replace(/^(\s*)/, `$1${START}${index + 1}${END}`)))
    .join('\n');
  const output = render(marked, view, escapes);
  let line: number | undefined;
  let seen = 0;
  for (let i = 0; i < output.length; i++) {
    if (output[i] === START) {
      const end = output.indexOf(END, i);
      line = Number(output.slice(i + 1, end));
      i = end;
      continue;
    }
    if (seen === offset) return line;
    seen++;
  }
  return line;
}
