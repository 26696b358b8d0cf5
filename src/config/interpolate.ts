export class InterpolationError extends Error {}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML tree. Working on the
 * tree (not the text) lets an error name the key whose variable is missing, and keeps a value
 * containing YAML syntax from changing the document's structure.
 */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, path = ''): unknown {
  if (typeof value === 'string') return interpolateString(value, env, path);
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, env, path ? `${path}.${key}` : key)]),
    );
  }
  return value;
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, path: string): string | undefined {
  const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}$/.exec(text);
  // A value that is only `${VAR:-}` with nothing set means "not configured", not "empty string".
  if (whole && whole[2] !== undefined && !env[whole[1]!] && whole[3] === '') return undefined;
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}/g, (_match, name: string, hasDefault, fallback) => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (hasDefault !== undefined) return fallback ?? '';
    throw new InterpolationError(
      `${path || '(root)'}: environment variable ${name} is not set (write \${${name}:-default} to give a default)`,
    );
  });
}
