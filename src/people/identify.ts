import { and, eq, isNotNull } from 'drizzle-orm';
import type { UserConfig } from '../config/routing-schema.js';
import type { Queryable } from '../db/client.js';
import { people } from '../db/schema.js';
import { type SeenPerson, type UserLink, matchUser } from './match-user.js';

export interface Identity {
  /** The configured user, when the person is linked to one. */
  link: UserLink | null;
  /** What the timeline and cards call them: the user's name, else the best name known for this account. */
  name: string;
}

/**
 * Who a person seen through one app is. A hand-made link wins, then the id configured for this
 * app, the user linked to the same union_id through another app, mobile, e-mail, and last the
 * account's earlier automatic link. Reads only: the caller remembers the person.
 */
export async function identifyPerson(db: Queryable, users: readonly UserConfig[], person: SeenPerson): Promise<Identity> {
  const [row] = await db
    .select({ name: people.name, userName: people.userName, linkedBy: people.linkedBy })
    .from(people)
    .where(and(eq(people.platform, person.platform), eq(people.app, person.app), eq(people.platformId, person.id)));
  const known = row?.userName && row.linkedBy && users.some((user) => user.name === row.userName) ? { user: row.userName, by: row.linkedBy } : null;
  // The union_id lookup is only needed the first time: afterwards the account's own link stands.
  const link = known?.by === 'cli' ? known : (matchUser(users, person, known ? null : await unionUser(db, person)) ?? known);
  // Card clicks carry no name on DingTalk, and Lark gives none without the contact permission:
  // a name seen earlier (a command's sender nick) is better than the raw id.
  const seenName = person.name === person.id && row?.name ? row.name : person.name;
  return { link, name: link?.user ?? seenName };
}

async function unionUser(db: Queryable, person: SeenPerson): Promise<string | null> {
  if (!person.unionId) return null;
  const [row] = await db
    .select({ userName: people.userName })
    .from(people)
    .where(and(eq(people.platform, person.platform), eq(people.unionId, person.unionId), isNotNull(people.userName)))
    .limit(1);
  return row?.userName ?? null;
}
