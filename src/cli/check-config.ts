import type { Command } from 'commander';
import type { CliConfig } from './cli-config.js';

export function registerCheckConfigCommand(program: Command, config: CliConfig): void {
  program
    .command('check-config')
    .description('validate the configuration without starting')
    .action(async () => {
      const [{ configWarnings }, { checkChatTemplates }] = await Promise.all([import('../config/warnings.js'), import('../chats/check-chat-templates.js')]);
      const loaded = config.loaded();
      // What start-up refuses, check-config refuses too.
      checkChatTemplates(loaded);
      for (const warning of configWarnings(loaded)) console.error(`gong: warning: ${warning}`);
      console.log(`configuration is valid (${loaded.file ?? 'built-in defaults'})`);
    });
}
