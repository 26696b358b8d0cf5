import { namedApps } from './app-configs.js';
import type { ParsedConfig } from './schema.js';

/**
 * Problems with `dingtalk:` / `lark:` app lists that the schema cannot see: two apps with one
 * name, a chat naming an app that does not exist, or a chat naming none when several could serve
 * it (it would silently get no channel), a user's id for an app that does not exist. Returns one
 * message per problem, in config path form.
 */
export function appProblems(config: ParsedConfig): string[] {
  const problems: string[] = [];
  const platforms = [
    { platform: 'dingtalk', chatType: 'dingtalk', apps: namedApps(config.dingtalk, 'dingtalk') },
    { platform: 'lark', chatType: 'lark', apps: namedApps(config.lark, 'lark') },
  ] as const;
  // Without any app the sandbox serves both platforms; with the other one configured, nothing would.
  const sandbox = platforms.every(({ apps }) => apps.length === 0);
  for (const { platform, chatType, apps } of platforms) {
    const names = apps.map((app) => app.name);
    config.chats.forEach((chat, i) => {
      if (chat.type === chatType && apps.length === 0 && !sandbox) {
        problems.push(`chats[${i}].type: chat "${chat.name}" is a ${platform} group, but no ${platform} app is configured under \`${platform}:\` to post to it`);
      }
    });
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
    config.users.forEach((user, i) => problems.push(...userIdProblems(`users[${i}].${platform}`, platform, user[platform], names)));
  }
  return [...problems, ...larkEventProblems(config)];
}

/**
 * Events pushed over HTTP reach a public URL: without an Encrypt Key (signature) or at least a
 * Verification Token, a forged click would be taken for a person's.
 */
function larkEventProblems(config: ParsedConfig): string[] {
  const list = config.lark === undefined ? [] : Array.isArray(config.lark) ? config.lark : [config.lark];
  return list.flatMap((app, i) => {
    if (app.events !== 'http' || app.encryptKey || app.verificationToken) return [];
    const path = Array.isArray(config.lark) ? `lark[${i}]` : 'lark';
    return [
      `${path}.encryptKey: events: http needs the app's Encrypt Key (or at least its Verification Token), ` +
        'from the developer console\'s "Events & Callbacks > Encryption Strategy", to refuse forged events; or use events: websocket',
    ];
  });
}

/**
 * A user's per-app ids must name existing apps; a single Lark open_id is only meaningful with one
 * Lark app (each app sees the person under another open_id), while one DingTalk userId is valid
 * in every app of one organisation.
 */
function userIdProblems(path: string, platform: 'dingtalk' | 'lark', ids: string | Record<string, string> | undefined, apps: string[]): string[] {
  if (ids === undefined) return [];
  if (typeof ids === 'string') {
    if (platform !== 'lark' || apps.length < 2) return [];
    return [
      `${path}: an open_id belongs to one Lark app and there are ${apps.length} (${apps.join(', ')}); ` +
        `write it per app, such as lark: { ${apps[0]}: ${ids} }, for the apps you know (Gong learns the others by union_id, mobile or e-mail)`,
    ];
  }
  return Object.keys(ids)
    .filter((app) => !apps.includes(app))
    .map((app) => `${path}.${app}: no ${platform} app is named "${app}" (the ${platform} apps: ${apps.join(', ') || 'none'})`);
}
