export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

export type ParsedMatcher = { ok: true; matcher: Matcher } | { ok: false; error: string };

/**
 * Parses one Alertmanager-style matcher: `team="db"`, `severity!=info`, `service=~"api|web"`.
 * Quotes are optional, as in Alertmanager's `matchers:` lists.
 */
export function parseMatcher(text: string): ParsedMatcher {
  const match = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!match) return { ok: false, error: `expected label=value, label!=value, label=~regex or label!~regex; got "${text}"` };
  const [, label, op, raw] = match as unknown as [string, string, MatchOp, string];
  const value = /^".*"$/.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  if (op === '=~' || op === '!~') {
    try {
      new RegExp(value);
    } catch {
      return { ok: false, error: `"${value}" is not a valid regular expression` };
    }
  }
  return { ok: true, matcher: { label, op, value } };
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
      // Alertmanager anchors regex matchers at both ends.
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(actual);
      case '!~':
        return !new RegExp(`^(?:${m.value})$`).test(actual);
    }
  });
}
