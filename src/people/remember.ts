import { sql } from 'drizzle-orm';
import type { UserConfig } from '../config/routing-schema.js';
import type { Queryable } from '../db/client.js';
import { people } from '../db/schema.js';

export interface SeenPerson {
  platform: 'dingtalk' | 'lark';
  id: string;
  name: string;
  mobile?: string;
  email?: string;
}

/** Which configured user a person is: by the platform id in the config, else by mobile, else by e-mail. */
export function matchUser(users: readonly UserConfig[], person: SeenPerson): { user: string; by: 'config' | 'mobile' | 'email' } | null {
  const byId = users.find((user) => user[person.platform] === person.id);
  if (byId) return { user: byId.name, by: 'config' };
  const byMobile = person.mobile ? users.find((user) => user.mobile && sameMobile(user.mobile, person.mobile!)) : undefined;
  if (byMobile) return { user: byMobile.name, by: 'mobile' };
  const byEmail = person.email ? users.find((user) => user.email?.toLowerCase() === person.email!.toLowerCase()) : undefined;
  return byEmail ? { user: byEmail.name, by: 'email' } : null;
}

/**
 * Remembers someone who clicked or wrote in a chat, so later mentions can use their platform id.
 * A link made by hand (`gong users link`) is never overwritten by an automatic one.
 */
export async function rememberPerson(db: Queryable, users: readonly UserConfig[], person: SeenPerson, now = new Date()): Promise<void> {
  const link = matchUser(users, person);
  await db
    .insert(people)
    .values({
      platform: person.platform,
      platformId: person.id,
      name: person.name,
      mobile: person.mobile ?? null,
      email: person.email ?? null,
      userName: link?.user ?? null,
      linkedBy: link?.by ?? null,
      firstSeenAt: now,
      lastSeenAt: now,
    })
    .onConflictDoUpdate({
      target: [people.platform, people.platformId],
      set: {
        name: person.name,
        lastSeenAt: now,
        mobile: sql`COALESCE(excluded.mobile, ${people.mobile})`,
        email: sql`COALESCE(excluded.email, ${people.email})`,
        userName: sql`CASE WHEN ${people.linkedBy} = 'cli' THEN ${people.userName} ELSE COALESCE(excluded.user_name, ${people.userName}) END`,
        linkedBy: sql`CASE WHEN ${people.linkedBy} = 'cli' THEN ${people.linkedBy} ELSE COALESCE(excluded.linked_by, ${people.linkedBy}) END`,
      },
    });
}

/** `+86 138-0013-8000` and `13800138000` are the same phone. */
function sameMobile(a: string, b: string): boolean {
  const digits = (text: string) => text.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return digits(a) === digits(b);
}
