import type { Command } from 'commander';
import type { CliConfig } from './cli-config.js';

export function registerMigrateCommand(program: Command, config: CliConfig): void {
  program
    .command('migrate')
    .description('apply database migrations and exit')
    .action(async () => {
      const [{ openDatabase }, { migrate }] = await Promise.all([import('../db/client.js'), import('../db/migrate.js')]);
      const runtime = config.runtime();
      const database = await openDatabase({ url: runtime.database.url, dataDir: runtime.dataDir });
      await migrate(database);
      await database.close();
      console.log('database is up to date');
    });
}
