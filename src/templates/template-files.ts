import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CompiledTemplate } from './engine.js';
import { mustacheEngine } from './mustache-engine.js';
import { TemplateError, locate } from './template-error.js';
import { TemplateSyntaxError } from './engine.js';

/** Template folders by platform: webhook chats draw the same content; only their buttons differ, in code. */
export type TemplatePlatform = 'lark' | 'dingtalk';

/** Each kind is one file, `templates/<platform>/<set>/<kind>.json` or `.md`; see README "Card templates". */
export const TEMPLATE_KINDS = {
  lark: { 'alert-card': 'json', notice: 'json' },
  dingtalk: { 'card-params': 'json', 'alert-markdown': 'md', 'follow-up': 'md', notice: 'md' },
} as const;

export type TemplateKind<P extends TemplatePlatform = TemplatePlatform> = keyof (typeof TEMPLATE_KINDS)[P] & string;

export const DEFAULT_SET = 'default';
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export interface LoadedTemplate {
  /** `lark/default/alert-card.json`, as errors and previews name it. */
  name: string;
  format: 'json' | 'md';
  compiled: CompiledTemplate;
}

// Templates are read and compiled once per process; start-up validation fills this cache.
const cache = new Map<string, LoadedTemplate>();

/** A set may hold only the kinds it changes: the rest come from `default`. */
export function loadTemplate<P extends TemplatePlatform>(platform: P, set: string, kind: TemplateKind<P>, dir = TEMPLATES_DIR): LoadedTemplate {
  const format = (TEMPLATE_KINDS[platform] as Record<string, 'json' | 'md'>)[kind]!;
  const own = `${platform}/${set}/${kind}.${format}`;
  const name = set !== DEFAULT_SET && !existsSync(join(dir, own)) ? `${platform}/${DEFAULT_SET}/${kind}.${format}` : own;
  const key = `${dir}\0${name}`;
  let loaded = cache.get(key);
  if (!loaded) {
    loaded = { name, format, compiled: compile(name, join(dir, name)) };
    cache.set(key, loaded);
  }
  return loaded;
}

function compile(name: string, path: string): CompiledTemplate {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch {
    throw new TemplateError(name, `cannot read ${path}`);
  }
  try {
    return mustacheEngine.compile(source);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    throw new TemplateError(name, error.message, locate(source, error.offset));
  }
}
