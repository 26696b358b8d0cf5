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

export const UNSTORABLE_MESSAGE = 'contains a NUL character or an unpaired UTF-16 surrogate';
