import type { ChatConfig, ParsedConfig } from '../config/schema.js';
import { namedApps } from '../config/app-configs.js';
import type { MentionApps } from './mentions.js';

/**
 * Which app's ids mention people in a chat: the app serving it. A custom robot belongs to no app;
 * when its platform has a single app, that app's ids are the ones of the same organisation.
 */
export function mentionApps(config: Pick<ParsedConfig, 'dingtalk' | 'lark'>, chat: ChatConfig | undefined): MentionApps {
  const single = (platform: 'dingtalk' | 'lark') => {
    const apps = namedApps(config[platform], platform);
    return apps.length === 1 ? apps[0]!.name : undefined;
  };
  const app = (platform: 'dingtalk' | 'lark', named?: string): MentionApps => {
    const name = named ?? single(platform);
    return name === undefined ? {} : { [platform]: name };
  };
  switch (chat?.type) {
    case 'dingtalk':
      return app('dingtalk', chat.app);
    case 'lark':
      return app('lark', chat.app);
    case 'dingtalk-webhook':
      return app('dingtalk');
    case 'lark-webhook':
      return app('lark');
    default:
      return {};
  }
}
