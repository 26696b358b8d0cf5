import { inArray, or } from 'drizzle-orm';
import type { UserConfig } from '../config/routing-schema.js';
import type { Queryable } from '../db/client.js';
import { people } from '../db/schema.js';
import type { MentionRef } from '../db/queues.js';
import type { Person } from '../cards/channel.js';
import { type ChatPlatform, configuredId } from './match-user.js';

/**
 * The app that posts into a chat, per platform: an @-mention must use the person's id as that app
 * sees it. Absent for a chat no app serves (custom robots), where only an id configured for every
 * app of the platform, or a mobile, can mention.
 */
export type MentionApps = Partial<Record<ChatPlatform, string>>;

/**
 * Turns user names into people with the ids of the chat's app: the id configured for that app
 * first, then the id of the account seen through that app and linked to the user. A name that is
 * no configured user is looked up among the people seen through the app (an assignee picked in a
 * chat); failing that the person is mentioned as text, never with another app's id.
 */
export async function resolveMentions(db: Queryable, users: readonly UserConfig[], refs: readonly MentionRef[], apps: MentionApps): Promise<Person[]> {
  const names = [...new Set(refs.map((ref) => ('user' in ref ? ref.user : ref.name)))];
  if (names.length === 0) return [];
  const seen = await db.select().from(people).where(or(inArray(people.userName, names), inArray(people.name, names)));
  return names.map((name) => {
    const user = users.find((u) => u.name === name);
    const mine = seen.filter((row) => (user ? row.userName === name : row.name === name || row.userName === name));
    const idOn = (platform: ChatPlatform) => {
      const app = apps[platform];
      const configured = user && configuredId(user, platform, app);
      return configured ?? (app === undefined ? undefined : mine.find((row) => row.platform === platform && row.app === app)?.platformId);
    };
    const person: Person = { name };
    const dingtalk = idOn('dingtalk');
    const lark = idOn('lark');
    // A phone number is the person's, whichever app saw it.
    const mobile = user?.mobile ?? mine.find((row) => row.mobile)?.mobile ?? undefined;
    if (dingtalk) person.dingtalk = dingtalk;
    if (lark) person.lark = lark;
    if (user?.wecom) person.wecom = user.wecom;
    if (mobile) person.mobile = mobile;
    return person;
  });
}
