import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { people } from '../db/schema.js';
import type { ChatPlatform } from './match-user.js';

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
