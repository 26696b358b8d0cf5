/**
 * Alertmanager runs matcher regexes with Go's RE2; Gong runs them with JavaScript. Most syntax
 * means the same in both; this reads the rest so a regex either behaves as Alertmanager's would
 * or is refused: what RE2 refuses (lookaround, backreferences, repeats over 1000) is refused, what
 * JavaScript would silently read otherwise (`\z`, `\pL`, `[[:alpha:]]`) is refused, and two
 * spellings JavaScript lacks are rewritten (a leading `(?i)` or `(?s)` becomes a flag, `(?P<name>` a named group).
 */
export type Re2Translation = { ok: true; source: string; flags: string } | { ok: false; error: string };

/** Escapes that mean the same in RE2 and in JavaScript regexes (besides escaped punctuation). */
const SHARED_ESCAPES = new Set(['d', 'D', 's', 'S', 'w', 'W', 'b', 'B', 'f', 'n', 'r', 't', 'v']);
const MAX_REPEAT = 1000;

export function translateRe2(pattern: string): Re2Translation {
  const refuse = (error: string): Re2Translation => ({ ok: false, error });
  let flags = '';
  let rest = pattern;
  // RE2's flag group at the start applies to the whole regex: JavaScript's flags do the same.
  const leading = /^\(\?([imsU]+)\)/.exec(rest);
  if (leading) {
    if (leading[1]!.includes('U')) return refuse('the (?U) flag (ungreedy) is not supported; write lazy quantifiers such as .*? instead');
    // JavaScript's m flag would also loosen the anchors Gong puts around the whole regex.
    if (leading[1]!.includes('m')) return refuse('the (?m) flag (multi-line) is not supported; match line breaks with \\n instead');
    flags = [...new Set(leading[1]!)].join('');
    rest = rest.slice(leading[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\') {
      const next = rest[i + 1];
      if (next === undefined) return refuse('it ends with a lone backslash');
      if (/[1-9]/.test(next) || next === 'k') return refuse(`backreferences such as \\${next} are not supported by Alertmanager (RE2)`);
      if (next === 'x') {
        if (!/^[0-9a-fA-F]{2}$/.test(rest.slice(i + 2, i + 4))) return refuse('write a hex escape as \\x followed by two hex digits, such as \\x41');
      } else if (next === 'a') {
        out += '\\x07';
        i++;
        continue;
      } else if (/[A-Za-z0-9]/.test(next) && !SHARED_ESCAPES.has(next)) {
        return refuse(`the escape \\${next} is not supported (Gong runs regexes with JavaScript, which would read it differently)`);
      }
      out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && rest[i + 1] === ':') return refuse('POSIX classes such as [[:alpha:]] are not supported; write [a-zA-Z] and the like');
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // RE2 reads a `]` right after `[` or `[^` as a literal; JavaScript as the end of an empty class.
      const negated = rest[i + 1] === '^';
      if (negated) out += rest[++i];
      if (rest[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && rest[i + 1] === '?') {
      const group = rest.slice(i + 2);
      if (/^(=|!|<=|<!)/.test(group)) return refuse('lookahead and lookbehind groups are not supported by Alertmanager (RE2)');
      if (group.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^[imsU-]+[:)]/.test(group)) return refuse('flag groups are only supported at the very start of the regex, such as (?i) or (?is)');
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(rest.slice(i));
      if (repeat && [repeat[1], repeat[2]].some((n) => n !== undefined && n !== '' && Number(n) > MAX_REPEAT)) {
        return refuse(`a repeat count is at most ${MAX_REPEAT} in Alertmanager (RE2)`);
      }
    }
    out += c;
  }
  try {
    new RegExp(`^(?:${out})$`, flags);
  } catch (error) {
    return refuse((error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, ''));
  }
  return { ok: true, source: out, flags };
}
