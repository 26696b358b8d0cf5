import type { Matcher, MatchOp } from './matchers.js';
import { translateRe2 } from './re2-regex.js';

/**
 * Alertmanager's matcher grammar, as its UTF-8 parser (matcher/parse) reads a `matchers:` entry:
 * `label="value"`, `label!=value`, `label=~"regex"`, `label!~regex`, several separated by commas,
 * optionally in `{…}`. Names and values are double-quoted (Go string escapes inside) or unquoted
 * without spaces and without any of `{ } ! = ~ , \ " ' \``. Regexes must compile as RE2.
 *
 * What only Alertmanager's deprecated classic parser accepted is refused, since it is how a typo
 * turns into a matcher no alert satisfies: `severity==critical` (classic: value "=critical"),
 * `severity="critical` (classic: an error too), `team=` (write `team=""`).
 */
export type ParsedMatchers = { ok: true; matchers: Matcher[] } | { ok: false; error: string };

type TokenKind = 'open' | 'close' | 'comma' | 'op' | 'quoted' | 'unquoted' | 'end';
interface Token {
  kind: TokenKind;
  text: string;
  /** 1-based, in characters as a person counts them. */
  column: number;
}

const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const RESERVED = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000{}!=~,\\"'`]/u;
const SYNTAX = 'matchers are written label="value", label!="value", label=~"regex" or label!~"regex"';

class MatcherSyntaxError extends Error {}

export function parseMatchers(text: string): ParsedMatchers {
  try {
    const matchers = new Parser(tokenize(text)).matchers();
    if (matchers.length === 0) return { ok: false, error: `an empty matcher would match every alert; leave \`match\` out for a route that takes every alert (${SYNTAX})` };
    return { ok: true, matchers };
  } catch (error) {
    if (error instanceof MatcherSyntaxError) return { ok: false, error: error.message };
    throw error;
  }
}

/** `label="value"` with the value's quotes and backslashes escaped: what parseMatchers reads back. */
export function formatMatcher(matcher: Matcher): string {
  const label = matcher.label === '' || RESERVED.test(matcher.label) ? JSON.stringify(matcher.label) : matcher.label;
  return `${label}${matcher.op}${JSON.stringify(matcher.value)}`;
}

function fail(message: string, hint = SYNTAX): never {
  throw new MatcherSyntaxError(hint ? `${message} (${hint})` : message);
}

function tokenize(text: string): Token[] {
  const chars = [...text];
  const tokens: Token[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    const column = i + 1;
    if (SPACE.test(c)) {
      i++;
    } else if (c === '{' || c === '}' || c === ',') {
      tokens.push({ kind: c === '{' ? 'open' : c === '}' ? 'close' : 'comma', text: c, column });
      i++;
    } else if (c === '=' || c === '!') {
      const next = chars[i + 1];
      if (c === '!' && next !== '=' && next !== '~') fail(`"!" at column ${column} must be followed by "=" or "~"`);
      const op = next === '=' && c === '!' ? '!=' : next === '~' ? `${c}~` : '=';
      tokens.push({ kind: 'op', text: op, column });
      i += op.length;
    } else if (c === '"') {
      let end = i + 1;
      while (end < chars.length && chars[end] !== '"') end += chars[end] === '\\' ? 2 : 1;
      if (end >= chars.length) fail(`the quote opened at column ${column} is never closed`);
      tokens.push({ kind: 'quoted', text: chars.slice(i, end + 1).join(''), column });
      i = end + 1;
    } else if (!RESERVED.test(c)) {
      let end = i;
      while (end < chars.length && !RESERVED.test(chars[end]!)) end++;
      tokens.push({ kind: 'unquoted', text: chars.slice(i, end).join(''), column });
      i = end;
    } else {
      const why = c === "'" || c === '`' ? '; quote with double quotes' : c === '\\' ? '; a backslash belongs inside double quotes, written \\\\' : '; quote a value that contains it';
      fail(`unexpected "${c}" at column ${column}${why}`);
    }
  }
  tokens.push({ kind: 'end', text: '', column: chars.length + 1 });
  return tokens;
}

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  matchers(): Matcher[] {
    const braced = this.take('open') !== undefined;
    const found: Matcher[] = [];
    while (this.peek().kind !== 'end' && this.peek().kind !== 'close') {
      found.push(this.matcher());
      if (!this.take('comma') && this.peek().kind !== 'end' && this.peek().kind !== 'close') {
        fail(`unexpected ${describe(this.peek())}; separate matchers with commas, and quote a value that contains spaces`);
      }
    }
    const close = this.take('close');
    if (braced && !close) fail('the "{" is never closed with "}"');
    if (!braced && close) fail(`"}" at column ${close.column} has no "{" before it`);
    if (this.peek().kind !== 'end') fail(`unexpected ${describe(this.peek())} after "}"`);
    return found;
  }

  private matcher(): Matcher {
    const name = this.take('quoted', 'unquoted') ?? fail(`expected a label name, found ${describe(this.peek())}`);
    const label = unquote(name);
    if (label === '') fail('a label name cannot be empty');
    const op = this.take('op') ?? fail(`expected an operator (=, !=, =~ or !~) after "${label}", found ${describe(this.peek())}`);
    const raw = this.take('quoted', 'unquoted');
    if (!raw) {
      const next = this.peek();
      const after = this.tokens[this.at + 1];
      if (next.kind === 'op' && after && (after.kind === 'unquoted' || after.kind === 'quoted')) {
        const rest = unquote(after);
        fail(`expected a value after "${label}${op.text}", found "${next.text}" at column ${next.column}: write ${label}${op.text}${JSON.stringify(rest)} for the value ${rest}, or ${label}${op.text}${JSON.stringify(next.text + rest)} for a value that starts with "${next.text}"`);
      }
      fail(`expected a value after "${label}${op.text}", found ${describe(next)}; write "" for an empty value`);
    }
    const value = unquote(raw);
    const matchOp = op.text as MatchOp;
    if (matchOp === '=~' || matchOp === '!~') {
      const regex = translateRe2(value);
      if (!regex.ok) fail(`"${value}" is not a valid regular expression: ${regex.error}`, '');
    }
    return { label, op: matchOp, value };
  }

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private take(...kinds: TokenKind[]): Token | undefined {
    const token = this.peek();
    if (!kinds.includes(token.kind)) return undefined;
    this.at++;
    return token;
  }
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end of the matcher' : `"${token.text}" at column ${token.column}`;
}

/** The one-letter escapes of a Go string, as the bytes they stand for. */
const GO_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, '"': 34 };

/** A token's text; a quoted one read as Go's strconv.Unquote reads a double-quoted string. */
function unquote(token: Token): string {
  if (token.kind !== 'quoted') return token.text;
  const body = token.text.slice(1, -1);
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const bad = (what: string): never =>
    fail(`${what} in ${token.text} at column ${token.column}`, 'inside double quotes write \\\\ for a backslash, \\" for a quote, \\n for a new line');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\n') bad('a line break');
    if (c !== '\\') {
      const code = body.codePointAt(i)!;
      if (code > 0xffff) i++;
      bytes.push(...encoder.encode(String.fromCodePoint(code)));
      continue;
    }
    const e = body[++i];
    if (e !== undefined && e in GO_ESCAPES) {
      bytes.push(GO_ESCAPES[e]!);
    } else if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 1, i + 3))) {
      bytes.push(parseInt(body.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (e !== undefined && /[0-7]/.test(e) && /^[0-7]{3}$/.test(body.slice(i, i + 3)) && parseInt(body.slice(i, i + 3), 8) <= 255) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else if ((e === 'u' || e === 'U') && new RegExp(`^[0-9a-fA-F]{${e === 'u' ? 4 : 8}}$`).test(body.slice(i + 1, i + (e === 'u' ? 5 : 9)))) {
      const length = e === 'u' ? 4 : 8;
      const code = parseInt(body.slice(i + 1, i + 1 + length), 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) bad(`\\${e}${body.slice(i + 1, i + 1 + length)} is not a character`);
      bytes.push(...encoder.encode(String.fromCodePoint(code)));
      i += length;
    } else {
      bad(`the escape \\${e ?? ''} is not valid`);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return bad('escapes that are not valid UTF-8');
  }
}
