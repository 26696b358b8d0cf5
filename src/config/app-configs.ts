import type { ChatConfig } from './schema.js';

/** `dingtalk:` / `lark:` take one app or a list; every app gets a name (the default is its platform). */
export function namedApps<T extends { name?: string }>(value: T | T[] | undefined, fallback: string): (T & { name: string })[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.map((app, i) => ({ ...app, name: app.name ?? (list.length === 1 ? fallback : `${fallback}-${i + 1}`) }));
}

/**
 * The chats of one platform served by one app: those naming it, and, when the platform has a
 * single app, those naming none.
 */
export function chatsOfApp<C extends ChatConfig & { app?: string }>(chats: C[], appName: string, appCount: number): C[] {
  return chats.filter((chat) => chat.app === appName || (chat.app === undefined && appCount === 1));
}

/**
 * Whether an app may act on a card in `chat`: only the app that posts there gets that card's
 * clicks, so a click arriving on any other app is not about this card (a forged or misrouted one).
 */
export function appServesChat(config: { dingtalk?: unknown; lark?: unknown }, chat: ChatConfig, platform: 'dingtalk' | 'lark', app: string): boolean {
  if (chat.type !== platform) return false;
  const apps = namedApps(config[platform] as { name?: string } | { name?: string }[] | undefined, platform);
  return chatsOfApp([chat], app, apps.length).length > 0;
}
