import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_LOCALES, readMessages } from '../../../src/console/words.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('the console message files', () => {
  const [first, ...others] = CONSOLE_LOCALES.map((locale) => ({ locale, messages: readMessages(locale) }));

  it('give every language the same keys with the same placeholders', () => {
    for (const other of others) {
      expect([...other.messages.keys()].sort(), `${other.locale} against ${first!.locale}`).toEqual([...first!.messages.keys()].sort());
      for (const [key, text] of first!.messages) expect(placeholders(other.messages.get(key)!), `${other.locale} ${key}`).toEqual(placeholders(text));
    }
  });

  it('hold every key the code asks for', () => {
    const used = sourceFiles('src').flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w-]+\.[\w-]+)'/g)].map((m) => ({ file, key: m[1]! })));
    expect(used.length).toBeGreaterThan(0);
    const missing = used.filter(({ key }) => !first!.messages.has(key));
    expect(missing).toEqual([]);
  });
});
