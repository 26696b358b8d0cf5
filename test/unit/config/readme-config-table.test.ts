import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configSchema } from '../../../src/config/schema.js';
import { defOf } from '../../../src/config/zod-def.js';

/**
 * The README's configuration table lists every key the schema accepts, so it cannot go stale:
 * each top-level key has a row (`users[]` for a list), and each key one level below has its own
 * row (`users[].wecom`) or is named in its parent row's meaning (`{ name, dingtalk?, … }`).
 */


/** The object schemas a value may be (past optional, default, pipes, unions); `list` when it is an array of them. */
function objects(schema: z.ZodType, depth = 0): { shapes: Record<string, z.ZodType>[]; list: boolean } {
  if (depth > 20) return { shapes: [], list: false };
  const def = defOf(schema);
  if (def.type === 'object') return { shapes: [def.shape ?? {}], list: false };
  if (def.type === 'array' && def.element) return { shapes: objects(def.element, depth + 1).shapes, list: true };
  if (def.type === 'union' && def.options) {
    const each = def.options.map((option) => objects(option, depth + 1));
    return { shapes: each.flatMap((one) => one.shapes), list: each.some((one) => one.list) && each.every((one) => one.list || one.shapes.length > 0) };
  }
  if (def.type === 'pipe') return objects(defOf(def.in!).type === 'transform' ? def.out! : def.in!, depth + 1);
  if (def.innerType) return objects(def.innerType, depth + 1);
  return { shapes: [], list: false };
}

/** The README's configuration table: each row's key (in backticks) and meaning. */
function readmeRows(): Map<string, string> {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf('| key | default | meaning |'));
  const rows = new Map<string, string>();
  for (const line of table.split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const [, key, , meaning] = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    rows.set(key!.replace(/`/g, ''), meaning ?? '');
  }
  return rows;
}

describe("the README's configuration table", () => {
  const rows = readmeRows();
  const top = defOf(configSchema as unknown as z.ZodType).shape!;

  it('has a row for every top-level key', () => {
    const missing = Object.entries(top).flatMap(([key, schema]) => {
      const name = objects(schema).list ? `${key}[]` : key;
      return rows.has(name) || rows.has(key) || [...rows.keys()].some((row) => row.startsWith(`${key}.`)) ? [] : [name];
    });
    expect(missing).toEqual([]);
  });

  it('names every key one level below, in its own row or in its parent row', () => {
    const missing: string[] = [];
    for (const [key, schema] of Object.entries(top)) {
      const { shapes, list } = objects(schema);
      // `lark` is one app or a list: its row may be written either way.
      const parent = list && !rows.has(key) ? `${key}[]` : key;
      const meaning = rows.get(parent) ?? '';
      for (const child of new Set(shapes.flatMap((shape) => Object.keys(shape)))) {
        const own = rows.has(`${parent}.${child}`) || [...rows.keys()].some((row) => row.startsWith(`${parent}.${child}.`));
        if (!own && !new RegExp(`(^|[^\\w.])${child}\\b`).test(meaning)) missing.push(`${parent}.${child}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
