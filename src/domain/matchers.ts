import { translateRe2 } from './re2-regex.js';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

/** Does one label set satisfy every matcher? A missing label counts as "" (as in Alertmanager). */
export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((m) => {
    const actual = labels[m.label] ?? '';
    switch (m.op) {
      case '=':
        return actual === m.value;
      case '!=':
        return actual !== m.value;
      case '=~':
        return anchored(m.value).test(actual);
      case '!~':
        return !anchored(m.value).test(actual);
    }
  });
}

const compiled = new Map<string, RegExp>();

/** Alertmanager anchors regex matchers at both ends. Values come validated from parseMatchers. */
function anchored(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    const translated = translateRe2(pattern);
    if (!translated.ok) throw new Error(`unchecked matcher regex: ${translated.error}`);
    regex = new RegExp(`^(?:${translated.source})$`, translated.flags);
    compiled.set(pattern, regex);
  }
  return regex;
}
