import { namedApps } from '../platforms/app-configs.js';
import type { ParsedConfig } from './schema.js';

/**
 * Problems with `dingtalk:` / `lark:` app lists that the schema cannot see: two apps with one
 * name, a chat naming an app that does not exist, or a chat naming none when several could serve
 * it (it would silently get no channel). Returns one message per problem, in config path form.
 */
export function appProblems(config: ParsedConfig): string[] {
  const problems: string[] = [];
  const platforms = [
    { platform: 'dingtalk', chatType: 'dingtalk', apps: namedApps(config.dingtalk, 'dingtalk') },
    { platform: 'lark', chatType: 'lark', apps: namedApps(config.lark, 'lark') },
  ] as const;
  for (const { platform, chatType, apps } of platforms) {
    const names = apps.map((app) => app.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) problems.push(`${platform}[${i}].name: "${name}" is used twice`);
    });
    config.chats.forEach((chat, i) => {
      if (chat.type !== chatType) return;
      if (chat.app !== undefined && !names.includes(chat.app)) {
        problems.push(`chats[${i}].app: no ${platform} app is named "${chat.app}" (the ${platform} apps: ${names.join(', ') || 'none'})`);
      } else if (chat.app === undefined && apps.length > 1) {
        problems.push(`chats[${i}].app: ${platform} has ${apps.length} apps (${names.join(', ')}); say which one posts to chat "${chat.name}"`);
      }
    });
  }
  return problems;
}
