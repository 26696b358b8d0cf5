import type { ParsedConfig } from '../config/schema.js';
import { checkTemplateSet } from '../platforms/check-templates.js';
import { TemplateError } from '../templates/template-error.js';
import { TEMPLATES_DIR, setExists } from '../templates/template-files.js';
import { chatLook } from './chat-registry.js';

/** Checks the `default` sets and every set a chat names, with the chat's own card options. */
export function checkChatTemplates(config: Pick<ParsedConfig, 'locale' | 'timezone' | 'chats' | 'templatesDir'>): void {
  checkTemplateSet(chatLook(config));
  const dir = config.templatesDir ?? TEMPLATES_DIR;
  for (const chat of config.chats) {
    // A set falls back to `default` file by file, so a misspelt name would otherwise pass unnoticed.
    if (chat.template && !setExists(chat.type, chat.template, dir)) {
      throw new TemplateError(`${chat.type}/${chat.template}`, `chat "${chat.name}" names template set "${chat.template}", but no ${chat.type} folder of ${dir} has it`);
    }
    checkTemplateSet(chatLook(config, chat), [chat.type]);
  }
}
