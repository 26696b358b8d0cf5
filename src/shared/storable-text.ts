/** NUL, or a UTF-16 surrogate without its partner: Postgres text and jsonb refuse both. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path (`alerts[0].labels.env`) of the first string, or object key, in a parsed JSON value
 * that Postgres cannot store, so the caller answers 400 naming it instead of failing with a 500
 * in the middle of a transaction. Iterative, because a body may nest thousands of levels deep.
 */
export function findUnstorableText(value: unknown): string | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (UNSTORABLE.test(item)) return path || '(body)';
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], `${path}[${i}]`]);
    } else if (item && typeof item === 'object') {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (UNSTORABLE.test(key)) return `${path || '(body)'} (a key)`;
        stack.push([child, path ? `${path}.${key}` : key]);
      }
    }
  }
  return undefined;
}

/** True when Postgres can store the text (no NUL, no unpaired surrogate). */
export const isStorableText = (text: string): boolean => !UNSTORABLE.test(text);

/** The first field of a form whose name or value cannot be stored, for a 400 naming it. */
export function findUnstorableField(form: URLSearchParams): string | undefined {
  for (const [name, value] of form) {
    if (!isStorableText(name)) return '(a field name)';
    if (!isStorableText(value)) return name;
  }
  return undefined;
}

/** At most `max` UTF-16 units, never cutting a surrogate pair in half (half a pair is unstorable). */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export const UNSTORABLE_MESSAGE = 'contains a NUL character or an unpaired UTF-16 surrogate';
