import type { z } from 'zod';
import { describeIssue } from '../shared/describe-issue.js';
import { defOf } from './zod-def.js';

type Path = readonly PropertyKey[];

/**
 * A configuration problem as an admin fixes it: the key path and zod's words, plus the likely
 * fix where zod's words alone leave one guessing — the key they probably meant for an unknown one,
 * and quotes for a number or yes/no YAML read where text is expected.
 */
export function explainConfigIssue(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown): string {
  const described = describeIssue(issue);
  if (issue.code === 'unrecognized_keys') {
    const known = keysAt(schema, issue.path);
    const hints = issue.keys.flatMap((key) => {
      const guess = closest(key, known);
      return guess ? [`did you mean \`${guess}\` for \`${key}\`?`] : [];
    });
    const choices = known.size > 0 && hints.length === 0 ? ` (the keys here are ${[...known].sort().map((k) => `\`${k}\``).join(', ')})` : '';
    return `${described}${hints.length > 0 ? `: ${hints.join(' ')}` : choices}`;
  }
  if (issue.code === 'invalid_type' && issue.expected === 'string') {
    const value = valueAt(input, issue.path);
    if (typeof value === 'number' || typeof value === 'boolean') {
      return `${described}: YAML read ${String(value)} as a ${typeof value}; quote it to keep it text ("${String(value)}")`;
    }
  }
  return described;
}

/** The keys the schema allows at `path` (every alternative's, in a union). */
function keysAt(schema: z.ZodType, path: Path): Set<string> {
  let candidates = [schema];
  for (const part of path) candidates = candidates.flatMap((candidate) => unwrap(candidate)).flatMap((candidate) => child(candidate, part));
  return new Set(candidates.flatMap((candidate) => unwrap(candidate)).flatMap((candidate) => Object.keys(defOf(candidate).shape ?? {})));
}

/** The schemas a value may be checked by, past wrappers (optional, default, pipe, lazy) and unions. */
function unwrap(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  const inner = def.innerType ?? (def.type === 'pipe' ? def.out : undefined) ?? def.getter?.();
  if (def.type === 'pipe' && def.in && defOf(def.in).type !== 'transform') return unwrap(def.in, depth + 1);
  if (inner) return unwrap(inner, depth + 1);
  if (def.type === 'union' && def.options) return def.options.flatMap((option) => unwrap(option, depth + 1));
  return [schema];
}

function child(schema: z.ZodType, part: PropertyKey): z.ZodType[] {
  const def = defOf(schema);
  if (def.type === 'object' && typeof part === 'string' && def.shape?.[part]) return [def.shape[part]];
  if (def.type === 'array' && typeof part === 'number' && def.element) return [def.element];
  if (def.type === 'record' && def.valueType) return [def.valueType];
  return [];
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const part of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  return value;
}

/** The known key within two edits of `key` (case aside), the nearest first. */
function closest(key: string, known: Set<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (distance <= Math.min(2, Math.floor(name.length / 2)) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
