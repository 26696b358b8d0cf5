import type { UserConfig } from '../config/routing-schema.js';

export type ChatPlatform = 'dingtalk' | 'lark';

/** Someone who clicked, wrote or was picked in a chat, as the app that received the event sees them. */
export interface SeenPerson {
  platform: ChatPlatform;
  /** The app the event arrived on: ids are per app where the platform makes them so. */
  app: string;
  /** DingTalk userId (staffId) in the app's organisation, Lark open_id of the app. */
  id: string;
  /** The display name the platform gave, or the id when it gave none. */
  name: string;
  /** Lark union_id: the same person in every app of one tenant. */
  unionId?: string;
  mobile?: string;
  email?: string;
}

export type LinkedBy = 'config' | 'union_id' | 'mobile' | 'email' | 'cli';

export interface UserLink {
  user: string;
  by: LinkedBy;
}

/**
 * The user's configured id for one app: a single id stands for every app of the platform (the
 * config check refuses a single Lark open_id when there are several Lark apps).
 */
export function configuredId(user: UserConfig, platform: ChatPlatform, app: string | undefined): string | undefined {
  const ids = user[platform];
  if (ids === undefined || typeof ids === 'string') return ids;
  return app === undefined ? undefined : ids[app];
}

/**
 * Which configured user a person is: by the id configured for this app, else the user already
 * linked to the same union_id in another app, else by mobile, else by e-mail.
 */
export function matchUser(users: readonly UserConfig[], person: SeenPerson, unionUser?: string | null): UserLink | null {
  const byId = users.find((user) => configuredId(user, person.platform, person.app) === person.id);
  if (byId) return { user: byId.name, by: 'config' };
  if (unionUser && users.some((user) => user.name === unionUser)) return { user: unionUser, by: 'union_id' };
  const byMobile = person.mobile ? users.find((user) => user.mobile && sameMobile(user.mobile, person.mobile!)) : undefined;
  if (byMobile) return { user: byMobile.name, by: 'mobile' };
  const byEmail = person.email ? users.find((user) => user.email?.toLowerCase() === person.email!.toLowerCase()) : undefined;
  return byEmail ? { user: byEmail.name, by: 'email' } : null;
}

/** `+86 138-0013-8000` and `13800138000` are the same phone. */
export function sameMobile(a: string, b: string): boolean {
  const digits = (text: string) => text.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return digits(a) === digits(b);
}
