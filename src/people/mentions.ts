import { inArray, or } from 'drizzle-orm';
import type { UserConfig } from '../config/routing-schema.js';
import type { Queryable } from '../db/client.js';
import { people } from '../db/schema.js';
import type { MentionRef } from '../jobs/queues.js';
import type { Person } from '../platforms/channel.js';

/**
 * Turns user names into people with each platform's id: the configured ids first, then the ids of
 * people seen in chats and linked to the user. A name that is no configured user is looked up
 * among the people seen (an assignee picked in a chat); failing that it is mentioned as text.
 */
export async function resolveMentions(db: Queryable, users: readonly UserConfig[], refs: readonly MentionRef[]): Promise<Person[]> {
  const names = [...new Set(refs.map((ref) => ('user' in ref ? ref.user : ref.name)))];
  if (names.length === 0) return [];
  const seen = await db.select().from(people).where(or(inArray(people.userName, names), inArray(people.name, names)));
  return names.map((name) => {
    const user = users.find((u) => u.name === name);
    const mine = seen.filter((row) => (user ? row.userName === name : row.name === name || row.userName === name));
    const idOn = (platform: 'dingtalk' | 'lark') => mine.find((row) => row.platform === platform)?.platformId;
    const person: Person = { name };
    const dingtalk = user?.dingtalk ?? idOn('dingtalk');
    const lark = user?.lark ?? idOn('lark');
    const mobile = user?.mobile ?? mine.find((row) => row.mobile)?.mobile ?? undefined;
    if (dingtalk) person.dingtalk = dingtalk;
    if (lark) person.lark = lark;
    if (user?.wecom) person.wecom = user.wecom;
    if (mobile) person.mobile = mobile;
    return person;
  });
}
