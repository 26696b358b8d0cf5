import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { explainConfigIssue } from './explain-issue.js';
import { appProblems } from './check-apps.js';
import { InterpolationError, interpolate } from './interpolate.js';
import { orderProblems } from './order-problems.js';
import { referenceProblems } from './references.js';
import { serverProblems } from './server-problems.js';
import { configSchema, type ParsedConfig } from './schema.js';
import { UserError } from '../shared/user-error.js';

/** A start-up problem the admin can fix; the message says where and how. */
export class ConfigError extends UserError {}

export interface LoadedConfig extends ParsedConfig {
  /** The file it came from, or null when Gong runs on built-in defaults. */
  file: string | null;
  dataDir: string;
}

export interface LoadOptions {
  /** From `--config`; otherwise `GONG_CONFIG`, otherwise `./gong.yaml` if it exists. */
  path?: string;
  env?: NodeJS.ProcessEnv;
}

export function loadConfig(options: LoadOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  const explicit = options.path || env.GONG_CONFIG || undefined;
  const file = resolve(explicit ?? 'gong.yaml');
  if (explicit && !existsSync(file)) throw new ConfigError(`config file ${file} does not exist`);
  const raw = existsSync(file) ? readYaml(file) : {};
  return parseConfig(raw, env, existsSync(file) ? file : null);
}

export function parseConfig(raw: unknown, env: NodeJS.ProcessEnv, file: string | null): LoadedConfig {
  let expanded: unknown;
  try {
    expanded = interpolate(raw ?? {}, env);
  } catch (error) {
    if (error instanceof InterpolationError) throw new ConfigError(error.message);
    throw error;
  }
  const result = configSchema.safeParse(expanded);
  if (!result.success) {
    const lines = result.error.issues.slice(0, 10).map((issue) => `  ${explainConfigIssue(issue, configSchema, expanded)}`);
    throw new ConfigError(`invalid configuration${file ? ` in ${file}` : ''}:\n${lines.join('\n')}`);
  }
  const config = result.data;
  if (env.PORT) config.server.port = parsePort(env.PORT);
  config.database.url ||= env.DATABASE_URL || undefined;
  assertUniqueNames(config);
  const problems = [...serverProblems(config), ...appProblems(config), ...referenceProblems(config), ...orderProblems(config)];
  if (problems.length > 0) throw new ConfigError(`invalid configuration${file ? ` in ${file}` : ''}:\n${problems.slice(0, 10).map((p) => `  ${p}`).join('\n')}`);
  return { ...config, file, dataDir: resolve(env.GONG_DATA_DIR || 'data') };
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // A directory, or a file this user may not read: say so instead of a stack trace.
    throw new ConfigError(`cannot read config file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parseYaml(text);
  } catch (error) {
    if (error instanceof YAMLParseError) throw new ConfigError(`${file}: ${error.message}`);
    throw error;
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`PORT: expected a port number, got "${value}"`);
  return port;
}

function assertUniqueNames(config: ParsedConfig): void {
  for (const [key, list] of [['sources', config.sources ?? []], ['chats', config.chats]] as const) {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (seen.has(item.name)) throw new ConfigError(`invalid configuration:\n  ${key}[${i}].name: "${item.name}" is used twice`);
      seen.add(item.name);
    });
  }
}
