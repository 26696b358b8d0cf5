import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../../cards/strings.js';

/**
 * The action-link pages' own words beyond the chat templates' (`messages/console/<locale>/action.json`,
 * checked with the console's message files): what already happened, the remembered name.
 */
const FILE = (locale: Locale) => fileURLToPath(new URL(`../../../messages/console/${locale}/action.json`, import.meta.url));

export type ActionPageWords = (key: string, values?: Readonly<Record<string, string>>) => string;

const loaded = new Map<Locale, Map<string, string>>();

function messages(locale: Locale): Map<string, string> {
  let texts = loaded.get(locale);
  if (!texts) {
    const parsed = JSON.parse(readFileSync(FILE(locale), 'utf8')) as Record<string, unknown>;
    texts = new Map(Object.entries(parsed).flatMap(([name, text]) => (typeof text === 'string' ? [[`action.${name}`, text] as const] : [])));
    loaded.set(locale, texts);
  }
  return texts;
}

/** The words of a page in a chat's language; `{name}` is filled from the values (not escaped). */
export function actionPageWords(locale: Locale): ActionPageWords {
  const own = messages(locale);
  return (key, values = {}) =>
    (own.get(key) ?? messages('en').get(key) ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
