import type { ParsedConfig } from '../config/schema.js';
import type { ViewOptions } from './alert-view.js';

/** One chat's view options: its own template set, locale, labels and links over the global ones. */
export function viewOptionsFor(config: Pick<ParsedConfig, 'locale' | 'timezone' | 'chats' | 'templatesDir'>, chatName?: string): ViewOptions {
  const chat = config.chats.find((candidate) => candidate.name === chatName);
  return {
    locale: chat?.locale ?? config.locale,
    timeZone: config.timezone,
    ...(config.templatesDir && { templatesDir: config.templatesDir }),
    ...(chat?.card && { card: chat.card }),
    ...(chat?.template && { template: chat.template }),
    ...(chat?.labels && { labels: chat.labels }),
    ...(chat?.links && { links: chat.links }),
  };
}
