import type { Logger } from 'pino';
import type { UserConfig } from '../config/routing-schema.js';
import type { Db } from '../db/client.js';
import type { Actor } from '../domain/actor.js';
import { identifyPerson } from './identify.js';
import type { SeenPerson } from './match-user.js';
import { rememberPerson } from './remember.js';

/** The configured user's name for a chat account, else the account's own: `identify(actor)`. */
export type IdentifyActor = <A extends Actor>(actor: A) => Promise<A>;

/** An account seen again with nothing new is written down again after this long (its last-seen time). */
const REMEMBER_AGAIN_MS = 10 * 60_000;
/** Accounts whose last write is kept in memory; the oldest make room. */
const REMEMBERED_MAX = 10_000;

/**
 * Finds the configured user behind a chat account, so the same person is one name whichever app
 * they clicked in, and notes the account for mentions later. Remembering runs beside the answer,
 * not before it: a platform waits for the answer, and a missed remember only costs a text
 * mention instead of an @. A person who clicks again with nothing new is not written down again
 * for a while: a storm's clicks would otherwise each cost a write. A failed lookup keeps the platform's name rather than failing the click.
 */
export function createIdentifyActor(db: Db, users: readonly UserConfig[], logger: Logger, now = () => Date.now()): IdentifyActor {
  /** What was last written down for each account, and when: a click by the same person says nothing new. */
  const remembered = new Map<string, { what: string; at: number }>();
  return async (actor) => {
    const person = seenPerson(actor);
    if (!person) return actor;
    try {
      const identity = await identifyPerson(db, users, person);
      const key = `${person.platform}\u0000${person.app}\u0000${person.id}`;
      const what = JSON.stringify([person.name, person.unionId, person.mobile, person.email, identity.link]);
      const last = remembered.get(key);
      if (!last || last.what !== what || now() - last.at > REMEMBER_AGAIN_MS) {
        if (remembered.size >= REMEMBERED_MAX) remembered.delete(remembered.keys().next().value!);
        remembered.delete(key);
        remembered.set(key, { what, at: now() });
        rememberPerson(db, person, identity.link).catch((error: unknown) => {
          remembered.delete(key);
          logger.warn({ err: error, platform: person.platform, app: person.app }, 'could not remember a chat member');
        });
      }
      return { ...actor, name: identity.name };
    } catch (error) {
      logger.warn({ err: error, platform: person.platform, app: person.app }, 'could not look up a chat member');
      return actor;
    }
  };
}

function seenPerson(actor: Actor): SeenPerson | undefined {
  if (!actor.id || !actor.app || (actor.platform !== 'dingtalk' && actor.platform !== 'lark')) return undefined;
  return { platform: actor.platform, app: actor.app, id: actor.id, name: actor.name, ...actor.contact };
}
