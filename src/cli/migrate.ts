import type { Command } from 'commander';
import { openDatabase } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import type { CliConfig } from './cli-config.js';

export function registerMigrateCommand(program: Command, config: CliConfig): void {
  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const runtime = config.runtime();
      const database = await openDatabase({ url: runtime.database.url, dataDir: runtime.dataDir });
      await migrate(database);
      await database.close();
      console.log('database is up to date');
    });
}
