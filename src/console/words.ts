import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'koa';

/**
 * The console's words, one message file per page and language under `messages/console/<locale>/`,
 * as the chats' words live in template files: translating the console is editing JSON, not code.
 * A key is `<file>.<name>`; `{name}` in a text is filled from the values given.
 */
export const CONSOLE_LOCALES = ['zh-CN', 'en'] as const;
export type ConsoleLocale = (typeof CONSOLE_LOCALES)[number];

export const MESSAGES_DIR = fileURLToPath(new URL('../../messages/console/', import.meta.url));

/** The cookie that keeps a person's choice of the console's language. */
export const LOCALE_COOKIE = 'gong_console_locale';

export interface Words {
  readonly locale: ConsoleLocale;
  /** The text of a key with its `{placeholders}` filled in (not escaped: the page escapes what it puts in HTML). */
  t(key: string, values?: Readonly<Record<string, string | number>>): string;
}

/** Every message file of one language, flattened to `<file>.<name>` keys. */
export function readMessages(locale: ConsoleLocale, dir = MESSAGES_DIR): Map<string, string> {
  const messages = new Map<string, string>();
  const folder = join(dir, locale);
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json')).sort()) {
    const part = basename(file, '.json');
    const texts = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Record<string, unknown>;
    for (const [name, text] of Object.entries(texts)) {
      if (typeof text !== 'string') throw new Error(`${join(folder, file)}: "${name}" must be a string`);
      messages.set(`${part}.${name}`, text);
    }
  }
  return messages;
}

const loaded = new Map<ConsoleLocale, Words>();

/** The console's words in a language (read once per process). */
export function consoleWords(locale: ConsoleLocale): Words {
  let words = loaded.get(locale);
  if (!words) {
    const own = readMessages(locale);
    // A text missing in a language falls back to English rather than showing a key; the message-file test keeps both complete.
    const english = locale === 'en' ? own : readMessages('en');
    words = {
      locale,
      t: (key, values = {}) => {
        const text = own.get(key) ?? english.get(key) ?? key;
        return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
      },
    };
    loaded.set(locale, words);
  }
  return words;
}

export const isConsoleLocale = (value: unknown): value is ConsoleLocale => CONSOLE_LOCALES.includes(value as ConsoleLocale);

/** The language a request is answered in: the person's own choice, else the configured `locale`. */
export function wordsOf(ctx: Context, configured: ConsoleLocale): Words {
  const chosen = ctx.cookies.get(LOCALE_COOKIE);
  return consoleWords(isConsoleLocale(chosen) ? chosen : configured);
}
