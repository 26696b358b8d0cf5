import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChannelKind, TemplateChoice } from '../cards/channel.js';
import type { CompiledTemplate } from '../shared/template-engine.js';
import { TemplateSyntaxError } from '../shared/template-engine.js';
import { mustacheEngine } from '../shared/mustache-engine.js';
import { TemplateError, locate } from './template-error.js';

export const DEFAULT_SET = 'default';
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

/**
 * The folders a chat type's templates are looked up in, first match wins: a custom-robot folder
 * holds only what differs from its app folder, and `common/` holds the Markdown every platform
 * shares (notice bodies, command replies).
 */
export const FOLDERS: Record<ChannelKind, readonly string[]> = {
  lark: ['lark', 'common'],
  'lark-webhook': ['lark-webhook', 'lark', 'common'],
  dingtalk: ['dingtalk', 'common'],
  'dingtalk-webhook': ['dingtalk-webhook', 'dingtalk', 'common'],
  'wecom-webhook': ['wecom-webhook', 'common'],
};

export interface LoadedTemplate {
  /** `lark/default/alert-card.json`, as errors and previews name it. */
  name: string;
  format: 'json' | 'md' | 'txt';
  source: string;
  compiled: CompiledTemplate;
}

// Templates are read and compiled once per process; start-up validation fills this cache.
const cache = new Map<string, LoadedTemplate>();

/**
 * The template for `file` (`alert-card.json`, `stats.md`…): the chat's set before `default`, and
 * in each set the chat type's folders in order; `stats.en.md` is preferred to `stats.md` for an
 * English chat, so a set can hold one file for both languages or one per language.
 */
export function loadTemplate(choice: TemplateChoice, file: string): LoadedTemplate {
  const dir = choice.dir ?? TEMPLATES_DIR;
  const key = [dir, choice.kind, choice.set ?? DEFAULT_SET, choice.locale, file].join('\0');
  let loaded = cache.get(key);
  if (!loaded) {
    const name = candidates(choice, file).find((candidate) => existsSync(join(dir, candidate)));
    if (!name) throw new TemplateError(`${choice.kind}/${choice.set ?? DEFAULT_SET}/${file}`, `no such template in ${dir} (looked for ${candidates(choice, file).join(', ')})`);
    const format = file.endsWith('.json') ? 'json' : file.endsWith('.txt') ? 'txt' : 'md';
    const source = read(name, join(dir, name));
    loaded = { name, format, source, compiled: compile(name, source) };
    cache.set(key, loaded);
  }
  return loaded;
}

/** Every path `loadTemplate` tries, in order. */
export function candidates(choice: TemplateChoice, file: string): string[] {
  const dot = file.indexOf('.');
  const localized = `${file.slice(0, dot)}.${choice.locale}${file.slice(dot)}`;
  const sets = [...new Set([choice.set ?? DEFAULT_SET, DEFAULT_SET])];
  return sets.flatMap((set) => FOLDERS[choice.kind].flatMap((folder) => [`${folder}/${set}/${localized}`, `${folder}/${set}/${file}`]));
}

/** Whether a chat type has a folder for `set`: a misspelt set name would otherwise fall back unnoticed. */
export function setExists(kind: ChannelKind, set: string, dir = TEMPLATES_DIR): boolean {
  return FOLDERS[kind].some((folder) => existsSync(join(dir, folder, set)));
}

function read(name: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new TemplateError(name, `cannot read ${path}`);
  }
}

function compile(name: string, source: string): CompiledTemplate {
  try {
    return mustacheEngine.compile(source);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    throw new TemplateError(name, error.message, locate(source, error.offset));
  }
}
