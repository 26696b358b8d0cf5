import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliConfig } from './cli-config.js';
import { UsageError } from './errors.js';

/** `gong templates preview`. */
export function registerTemplateCommands(program: Command, config: CliConfig): void {
  program
    .command('templates')
    .description('card templates')
    .command('preview')
    .description('print what a chat would receive for an alert, rendered with its template set')
    .requiredOption('--chat <name>', 'a chat from the configuration')
    .option('--alert <file>', 'alert fields as JSON (title, severity, state, labels, annotations, …); the rest from a sample')
    .action(async (options: { chat: string; alert?: string }) => {
      const [{ chatLook }, { previewForChat }] = await Promise.all([import('../chats/chat-registry.js'), import('../platforms/preview-template.js')]);
      const loaded = config.loaded();
      const alert = options.alert ? readAlertFile(options.alert) : {};
      const chat = loaded.chats.find((candidate) => candidate.name === options.chat);
      const preview = previewForChat(chat && { chat, look: chatLook(loaded, chat) }, options.chat, alert);
      if (!preview.ok) throw new UsageError(preview.error);
      console.log(JSON.stringify(preview.messages, null, 2));
    });
}

function readAlertFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
}
