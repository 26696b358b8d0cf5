export class InterpolationError extends Error {}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML tree. Working on the
 * tree (not the text) lets an error name the key whose variable is missing, and keeps a value
 * containing YAML syntax from changing the document's structure. Every unset variable is named at
 * once, so an admin sets them all in one go instead of meeting them one start at a time.
 */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv): unknown {
  const unset: string[] = [];
  const result = walk(value, env, '', unset);
  if (unset.length === 1) throw new InterpolationError(`${unset[0]} (write \${NAME:-default} to give a default)`);
  if (unset.length > 1) {
    throw new InterpolationError(`${unset.length} environment variables are not set (write \${NAME:-default} to give one a default):\n${unset.map((line) => `  ${line}`).join('\n')}`);
  }
  return result;
}

function walk(value: unknown, env: NodeJS.ProcessEnv, path: string, unset: string[]): unknown {
  if (typeof value === 'string') return interpolateString(value, env, path, unset);
  if (Array.isArray(value)) return value.map((item, i) => walk(item, env, `${path}[${i}]`, unset));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, env, path ? `${path}.${key}` : key, unset)]));
  }
  return value;
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, path: string, unset: string[]): string | undefined {
  const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}$/.exec(text);
  // A value that is only `${VAR:-}` with nothing set means "not configured", not "empty string".
  if (whole && whole[2] !== undefined && !env[whole[1]!] && whole[3] === '') return undefined;
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}/g, (_match, name: string, hasDefault, fallback) => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (hasDefault !== undefined) return fallback ?? '';
    unset.push(`${path || '(root)'}: environment variable ${name} is not set`);
    return '';
  });
}
