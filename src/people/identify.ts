import { sql } from 'drizzle-orm';
import type { UserConfig } from '../config/routing-schema.js';
import type { Queryable } from '../db/client.js';
import { queryRows } from '../db/rows.js';
import { type LinkedBy, type SeenPerson, type UserLink, matchUser } from './match-user.js';

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
  // One statement: the account's own row, and the user linked to the same union_id through another
  // app (only needed the first time: afterwards the account's own link stands). A click waits for it.
  const [found] = await queryRows<{ name: string | null; user_name: string | null; linked_by: LinkedBy | null; union_user: string | null }>(
    db,
    sql`SELECT p.name, p.user_name, p.linked_by,
          (SELECT u.user_name FROM people u WHERE u.platform = ${person.platform}::text AND u.union_id = ${person.unionId ?? null}::text AND u.user_name IS NOT NULL LIMIT 1) AS union_user
        FROM (SELECT 1) AS one
        LEFT JOIN people p ON p.platform = ${person.platform}::text AND p.app = ${person.app}::text AND p.platform_id = ${person.id}::text`,
  );
  const row = found?.name === null || found?.name === undefined ? undefined : { name: found.name, userName: found.user_name, linkedBy: found.linked_by };
  const known = row?.userName && row.linkedBy && users.some((user) => user.name === row.userName) ? { user: row.userName, by: row.linkedBy } : null;
  const link = known?.by === 'cli' ? known : (matchUser(users, person, known ? null : (found?.union_user ?? null)) ?? known);
  // Card clicks carry no name on DingTalk, and Lark gives none without the contact permission:
  // a name seen earlier (a command's sender nick) is better than the raw id.
  const seenName = person.name === person.id && row?.name ? row.name : person.name;
  return { link, name: link?.user ?? seenName };
}
