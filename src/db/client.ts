import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type DataDirLock, lockDataDirWhenFree } from './data-dir-lock.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Queryable = Db | Tx;

/** pg-boss's view of a connection: plain SQL text with $n parameters. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: any[] }>;
}

export interface Database {
  kind: 'postgres' | 'pglite';
  db: Db;
  /** For pg-boss: on Postgres it opens its own pool from this URL; on PGlite it shares ours. */
  boss: { connectionString: string } | { db: SqlExecutor };
  /** PGlite on disk: this process's hold on the data directory (see data-dir-lock.ts). */
  dataDirLock?: DataDirLock;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; without one Gong embeds PGlite. */
  url?: string;
  /** Where PGlite keeps its files; `memory://` keeps nothing (tests). */
  dataDir: string;
  /** Connection pool size for Postgres. */
  poolSize?: number;
  /** Told of every statement Gong's own queries send (not pg-boss's): tests count a click's statements with it. */
  onQuery?: (sql: string) => void;
}

/**
 * drizzle runs every query through postgres.js's `unsafe` unprepared, and postgres.js then asks the
 * server for a statement's parameter types before it can send the values: two round trips for
 * every statement with a parameter, one write each. Prepared (once per connection and text, as
 * postgres.js's own tagged queries are), a statement is one round trip, and statements sent
 * together go out in one write. Transactions and savepoints hand out a client of their own, which
 * prepares too. Connections are recycled by postgres.js (`max_lifetime`), which drops their
 * statements. Behind PgBouncer in transaction pooling mode this needs PgBouncer ≥ 1.21 with
 * `max_prepared_statements` set.
 */
function preparing<T extends postgres.Sql<Record<string, never>> | postgres.TransactionSql<Record<string, never>>>(client: T): T {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'unsafe') {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], queryOptions?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...queryOptions, prepare: true });
      }
      if (property === 'begin' || property === 'savepoint') {
        return (...args: unknown[]) => {
          const body = args.pop() as (sql: postgres.TransactionSql<Record<string, never>>) => unknown;
          return (target as unknown as Record<string, (...a: unknown[]) => unknown>)[property]!(...args, (sql: postgres.TransactionSql<Record<string, never>>) => body(preparing(sql)));
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Gong's queries over a postgres.js client, prepared (see `preparing`). */
export function postgresDb(client: postgres.Sql, onQuery?: (sql: string) => void): Db {
  return drizzlePostgres(preparing(client as postgres.Sql<Record<string, never>>), { schema, ...logger({ onQuery }) }) as unknown as Db;
}

const logger = ({ onQuery }: Pick<DatabaseOptions, 'onQuery'>) => (onQuery ? { logger: { logQuery: (query: string) => onQuery(query) } } : {});

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      onnotice: () => {},
      connection: { application_name: 'gong' },
    });
    return {
      kind: 'postgres',
      db: postgresDb(client, options.onQuery),
      boss: { connectionString: options.url },
      close: () => client.end({ timeout: 5 }),
    };
  }
  // Loaded only for the embedded database: a CLI command on PostgreSQL does not pay for it.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import('@electric-sql/pglite'), import('drizzle-orm/pglite')]);
  const inMemory = options.dataDir.startsWith('memory://');
  const dataDir = inMemory ? options.dataDir : `${options.dataDir}/pglite`;
  // Before PGlite touches the files: a second process would overwrite the first one's writes.
  const lock = inMemory ? undefined : await lockDataDirWhenFree(options.dataDir);
  let pg: PGlite;
  try {
    if (!inMemory) mkdirSync(dataDir, { recursive: true });
    pg = await PGlite.create(dataDir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    kind: 'pglite',
    db: drizzlePglite(pg, { schema, ...logger(options) }) as unknown as Db,
    boss: {
      db: {
        // pg-boss sends multi-statement scripts without parameters (its migrations), which only
        // the simple query protocol (`exec`) accepts.
        async executeSql(text, values) {
          if (values && values.length > 0) return pg.query(text, values);
          const results = await pg.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        },
      },
    },
    ...(lock && { dataDirLock: lock }),
    async close() {
      try {
        await pg.close();
      } finally {
        lock?.release();
      }
    },
  };
}
