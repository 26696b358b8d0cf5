import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { people } from '../db/schema.js';
import type { SeenPerson, UserLink } from './match-user.js';

/**
 * Remembers someone seen through one app, with the user they were found to be, so later mentions
 * through that app can use their id. A link made by hand (`gong users link`) is never
 * overwritten by an automatic one.
 */
export async function rememberPerson(db: Queryable, person: SeenPerson, link: UserLink | null, now = new Date()): Promise<void> {
  await db
    .insert(people)
    .values({
      platform: person.platform,
      app: person.app,
      platformId: person.id,
      name: person.name,
      unionId: person.unionId ?? null,
      mobile: person.mobile ?? null,
      email: person.email ?? null,
      userName: link?.user ?? null,
      linkedBy: link?.by ?? null,
      firstSeenAt: now,
      lastSeenAt: now,
    })
    .onConflictDoUpdate({
      target: [people.platform, people.app, people.platformId],
      set: {
        // A name the platform did not give (the id itself) never replaces a real one.
        name: sql`CASE WHEN excluded.name = excluded.platform_id THEN ${people.name} ELSE excluded.name END`,
        lastSeenAt: now,
        unionId: sql`COALESCE(excluded.union_id, ${people.unionId})`,
        mobile: sql`COALESCE(excluded.mobile, ${people.mobile})`,
        email: sql`COALESCE(excluded.email, ${people.email})`,
        userName: sql`CASE WHEN ${people.linkedBy} = 'cli' THEN ${people.userName} ELSE COALESCE(excluded.user_name, ${people.userName}) END`,
        linkedBy: sql`CASE WHEN ${people.linkedBy} = 'cli' THEN ${people.linkedBy} ELSE COALESCE(excluded.linked_by, ${people.linkedBy}) END`,
      },
    });
}
