import type { Database, Db } from '../db/client.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import type { CliConfig } from './cli-config.js';

/**
 * Opens the configured database for one CLI command (migrated first). The embedded database
 * opens in one process at a time: while a Gong server holds it, this refuses, naming the server.
 */
export async function withDatabase(config: CliConfig, run: (db: Db, runtime: RuntimeConfig, database: Database) => Promise<void>): Promise<void> {
  const runtime = config.runtime();
  // Loaded here, not at start: `gong --help` and the commands without a database never need them.
  const [{ openDatabase }, { migrate }] = await Promise.all([import('../db/client.js'), import('../db/migrate.js')]);
  const database = await openDatabase({ url: runtime.database.url, dataDir: runtime.dataDir });
  try {
    await migrate(database);
    await run(database.db, runtime, database);
  } finally {
    await database.close();
  }
}
