import { type SQL, sql } from 'drizzle-orm';
import type { Queryable, SqlExecutor } from './client.js';

/** postgres-js answers `execute` with an array of rows, PGlite with `{ rows }`: one shape for both. */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A list of strings as one SQL array parameter (drizzle would spread a JS array into many), quoted for Postgres' array syntax. */
export function textArray(values: readonly string[]): SQL {
  const literal = `{${values.map((value) => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}

/** Whether the database answers (readiness): throws when it does not. */
export async function ping(db: Queryable): Promise<void> {
  await db.execute(sql`SELECT 1`);
}

/**
 * Lets pg-boss write its jobs inside one of our transactions, so a state change and the work it
 * causes commit together or not at all. pg-boss speaks `$1`-style SQL; drizzle wants SQL objects.
 */
export function executorFor(db: Queryable): SqlExecutor {
  return {
    async executeSql(text, values) {
      const parts: SQL[] = [];
      let last = 0;
      for (const match of text.matchAll(/\$(\d+)/g)) {
        parts.push(sql.raw(text.slice(last, match.index)));
        // drizzle drops `undefined` from templates, which would shift every later parameter, and
        // spreads an array into a list of parameters where pg-boss means one array parameter.
        const value = values[Number(match[1]) - 1] ?? null;
        parts.push(sql`${asParameter(value)}`);
        last = match.index + match[0].length;
      }
      parts.push(sql.raw(text.slice(last)));
      return { rows: await queryRows(db, sql.join(parts)) };
    },
  };
}

/**
 * pg-boss hands some jsonb values over as objects (a job's output, a failure's error) and counts on
 * the `pg` driver to encode them; PGlite does, postgres-js refuses them: encode them here for both.
 */
function asParameter(value: unknown): unknown {
  if (Array.isArray(value)) return pgArrayLiteral(value);
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && !Buffer.isBuffer(value)) return JSON.stringify(value);
  return value;
}

/** A Postgres array literal (`{"a","b"}`): one text parameter that both drivers pass through as is. */
export function pgArrayLiteral(values: readonly unknown[]): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
