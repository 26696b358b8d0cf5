import { and, eq } from 'drizzle-orm';
import type { ParsedConfig } from '../config/schema.js';
import type { Queryable } from '../db/client.js';
import { people } from '../db/schema.js';
import { namedApps } from '../config/app-configs.js';
import type { ChatPlatform } from './match-user.js';
import { UserError } from '../shared/user-error.js';
import type { SeenAccount } from './user-mapping.js';

/** Everyone Gong has seen in a chat or linked by hand, by app. */
export async function seenAccounts(db: Queryable): Promise<SeenAccount[]> {
  return db.select().from(people).orderBy(people.platform, people.app, people.name);
}

/** A link that names no configured user, no such app, or no id; the message says which. */
export class LinkError extends UserError {}

/** One chat account of one app, and the configured user it is (to be) linked to. */
export interface LinkTarget {
  user: string;
  platform: ChatPlatform;
  app: string;
  platformId: string;
}

/**
 * Checks a link against the config before anything is written (the CLI and the console both
 * ask): the user is configured, the platform is DingTalk or Lark, the app is one of its apps
 * (or the only one, when none is named).
 */
export function linkTarget(config: Pick<ParsedConfig, 'users' | 'dingtalk' | 'lark'>, input: { user: string; platform: string; id: string; app?: string }): LinkTarget {
  const { user, platform } = input;
  if (platform !== 'lark' && platform !== 'dingtalk') throw new LinkError(`expected the platform lark or dingtalk, got "${platform}"`);
  if (!config.users.some((u) => u.name === user)) throw new LinkError(`there is no user "${user}" under users: in the configuration`);
  const platformId = input.id.trim();
  if (!platformId) throw new LinkError(`expected the account's ${platform === 'lark' ? 'open_id' : 'userId'}`);
  return { user, platform, app: pickApp(config, platform, input.app?.trim() || undefined), platformId };
}

/** The app a link means: the named one (checked), or the platform's only app. */
function pickApp(config: Pick<ParsedConfig, 'dingtalk' | 'lark'>, platform: ChatPlatform, wanted: string | undefined): string {
  const names = namedApps(config[platform], platform).map((app) => app.name);
  if (wanted !== undefined) {
    if (!names.includes(wanted)) throw new LinkError(`there is no ${platform} app named "${wanted}" (the ${platform} apps: ${names.join(', ') || 'none'})`);
    return wanted;
  }
  if (names.length > 1) throw new LinkError(`${platform} has ${names.length} apps (${names.join(', ')}); say which app sees this id`);
  // No app configured (sandbox): the default name, which is what a single app would be called.
  return names[0] ?? platform;
}

/** `gong users link alice lark:ou_123 --app hq`: says this account of that app is that configured user. */
export async function linkPerson(db: Queryable, userName: string, platform: ChatPlatform, app: string, platformId: string): Promise<'linked' | 'created'> {
  const updated = await db
    .update(people)
    .set({ userName, linkedBy: 'cli' })
    .where(and(eq(people.platform, platform), eq(people.app, app), eq(people.platformId, platformId)))
    .returning({ id: people.id });
  if (updated.length > 0) return 'linked';
  // Not seen in a chat yet: remember the link so the first click already knows who it is.
  await db.insert(people).values({ platform, app, platformId, name: userName, userName, linkedBy: 'cli' });
  return 'created';
}

/**
 * Undoes a link to this user, however it was made (a link in the config file is the file's to
 * undo). The account stays known, linked to nobody; false when it was not linked to the user.
 */
export async function unlinkPerson(db: Queryable, userName: string, platform: ChatPlatform, app: string, platformId: string): Promise<boolean> {
  const updated = await db
    .update(people)
    .set({ userName: null, linkedBy: null })
    .where(and(eq(people.platform, platform), eq(people.app, app), eq(people.platformId, platformId), eq(people.userName, userName)))
    .returning({ id: people.id });
  return updated.length > 0;
}
