import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Matcher, matchesAll } from '../../../src/domain/matchers.js';
import { formatMatcher, parseMatchers } from '../../../src/domain/parse-matchers.js';

const ok = (text: string): Matcher[] => {
  const parsed = parseMatchers(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.matchers;
};
const error = (text: string): string => {
  const parsed = parseMatchers(text);
  if (parsed.ok) throw new Error(`${text} was accepted as ${JSON.stringify(parsed.matchers)}`);
  return parsed.error;
};

describe('parseMatchers: what Alertmanager accepts', () => {
  it('reads lists, braces, quoted names and Go escapes as Alertmanager does', () => {
    expect(ok('{foo=bar, dings!="bums", }')).toEqual([
      { label: 'foo', op: '=', value: 'bar' },
      { label: 'dings', op: '!=', value: 'bums' },
    ]);
    expect(ok('foo=bar,')).toEqual([{ label: 'foo', op: '=', value: 'bar' }]);
    expect(ok('"k8s.io/app"=~"web|api"')).toEqual([{ label: 'k8s.io/app', op: '=~', value: 'web|api' }]);
    expect(ok('foo=🙂bar')).toEqual([{ label: 'foo', op: '=', value: '🙂bar' }]);
    expect(ok('quote="She said: \\"Hi, all!\\""')).toEqual([{ label: 'quote', op: '=', value: 'She said: "Hi, all!"' }]);
    expect(ok('foo="\\xf0\\x9f\\x99\\x82 \\U0001f642 \\u00e9\\t\\\\"')).toEqual([{ label: 'foo', op: '=', value: '🙂 🙂 é\t\\' }]);
    expect(ok('foo=""')).toEqual([{ label: 'foo', op: '=', value: '' }]);
    expect(ok('statuscode=~"5.."')).toEqual([{ label: 'statuscode', op: '=~', value: '5..' }]);
  });

  it('runs RE2 regexes anchored, with a leading flag group and named groups', () => {
    expect(matchesAll(ok('env=~"(?i)prod"'), { env: 'PROD' })).toBe(true);
    expect(matchesAll(ok('env=~"(?i)prod"'), { env: 'prod-eu' })).toBe(false);
    expect(matchesAll(ok('host=~"(?P<site>[a-z]+)-\\\\d+"'), { host: 'sha-12' })).toBe(true);
    expect(matchesAll(ok('v=~"[]a]+"'), { v: 'a]a' })).toBe(true);
  });
});

describe('parseMatchers: what Alertmanager refuses, with the fix', () => {
  it('refuses a doubled operator instead of reading "=critical"', () => {
    expect(error('severity==critical')).toContain('write severity="critical" for the value critical, or severity="=critical" for a value that starts with "="');
  });

  it('refuses an unclosed quote instead of reading it literally', () => {
    expect(error('severity="critical')).toContain('the quote opened at column 10 is never closed');
  });

  it.each([
    ['team=', 'write "" for an empty value'],
    ['team', 'expected an operator (=, !=, =~ or !~) after "team"'],
    ["team='db'", `unexpected "'" at column 6; quote with double quotes`],
    ['alertname=Disk full', 'separate matchers with commas, and quote a value that contains spaces'],
    ['a!b', '"!" at column 2 must be followed by "=" or "~"'],
    ['{a=b', 'the "{" is never closed'],
    ['a=b}', '"}" at column 4 has no "{" before it'],
    ['{a=b} c=d', 'after "}"'],
    ['=b', 'expected a label name'],
    ['""=b', 'a label name cannot be empty'],
    ['a=b\\n', 'a backslash belongs inside double quotes'],
    ['a="\\w"', 'the escape \\w is not valid'],
    ['a="\\xf0\\x9f"', 'not valid UTF-8'],
    ['a="\\ud800"', 'is not a character'],
    ['', 'an empty matcher would match every alert'],
    ['{}', 'an empty matcher would match every alert'],
    ['x=~"(("', 'is not a valid regular expression'],
    ['x=~"a(?=b)"', 'lookahead and lookbehind groups are not supported'],
    ['x=~"(a)\\\\1"', 'backreferences such as \\1 are not supported'],
    ['x=~"a{1001}"', 'a repeat count is at most 1000'],
    ['x=~"\\\\z"', 'the escape \\z is not supported'],
    ['x=~"\\\\pL"', 'the escape \\p is not supported'],
    ['x=~"[[:alpha:]]"', 'POSIX classes'],
    ['x=~"a(?i)b"', 'flag groups are only supported at the very start'],
    ['x=~"(?m)a"', 'the (?m) flag (multi-line) is not supported'],
  ])('refuses %s', (text, message) => {
    expect(error(text)).toContain(message);
  });
});

const labelName = fc.string({ minLength: 1, maxLength: 12 });
const anyMatcher = fc.record({
  label: labelName,
  op: fc.constantFrom('=' as const, '!=' as const),
  value: fc.string({ maxLength: 20, unit: 'grapheme' }),
});

describe('parseMatchers: properties', () => {
  it('reads back whatever formatMatcher writes, for any label and value', () => {
    fc.assert(
      fc.property(fc.array(anyMatcher, { minLength: 1, maxLength: 4 }), fc.boolean(), (matchers, braced) => {
        const text = matchers.map(formatMatcher).join(', ');
        expect(ok(braced ? `{${text}}` : text)).toEqual(matchers);
      }),
    );
  });

  it('answers every input with matchers or a message, never by throwing', () => {
    const piece = fc.constantFrom('a', 'team', '=', '!', '~', '"', '\\', ',', '{', '}', ' ', "'", 'x', '(', ')', '[', '?', '*', '🙂', '\\x', 'n');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
        const parsed = parseMatchers(pieces.join(''));
        if (parsed.ok) expect(parsed.matchers.length).toBeGreaterThan(0);
        else expect(parsed.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('never reads an unclosed quote or a doubled operator as a value', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z_]{1,8}$/), fc.stringMatching(/^[a-z0-9]{1,8}$/), fc.constantFrom('=', '!=', '=~', '!~'), (label, value, op) => {
        expect(parseMatchers(`${label}${op}"${value}`).ok).toBe(false);
        expect(parseMatchers(`${label}${op}=${value}`).ok).toBe(false);
      }),
    );
  });
});
