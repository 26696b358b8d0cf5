import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliConfig } from './cli-config.js';
import { UserError } from '../shared/user-error.js';
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
      if (!preview.ok) throw previewRefusal(preview, options);
      console.log(JSON.stringify(preview.messages, null, 2));
    });
}

/** What the preview refused, in the terms of the flag that asked for it. */
function previewRefusal(preview: { status: number; error: string }, options: { chat: string; alert?: string }): Error {
  if (preview.status === 404) return new UsageError(`--chat ${options.chat}: ${preview.error} in the configuration`);
  // The alert's fields come from the --alert file: name the field in it.
  if (preview.status === 400) return new UsageError(`--alert ${options.alert ?? ''}: ${preview.error.replace(/^alert\./, '')}`);
  // A broken template is no mistake of the command line.
  return new UserError(preview.error);
}

function readAlertFile(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--alert ${file}: cannot read it as JSON: ${(error as Error).message}`);
  }
}
