import type { Logger } from 'pino';
import type { UserConfig } from '../config/routing-schema.js';
import type { Db } from '../db/client.js';
import type { Actor } from '../domain/actor.js';
import { identifyPerson } from './identify.js';
import type { SeenPerson } from './match-user.js';
import { rememberPerson } from './remember.js';

/** The configured user's name for a chat account, else the account's own: `identify(actor)`. */
export type IdentifyActor = <A extends Actor>(actor: A) => Promise<A>;

/**
 * Finds the configured user behind a chat account, so the same person is one name whichever app
 * they clicked in, and notes the account for mentions later. Remembering runs beside the answer,
 * not before it: a platform waits for the answer, and a missed remember only costs a text
 * mention instead of an @. A failed lookup keeps the platform's name rather than failing the click.
 */
export function createIdentifyActor(db: Db, users: readonly UserConfig[], logger: Logger): IdentifyActor {
  return async (actor) => {
    const person = seenPerson(actor);
    if (!person) return actor;
    try {
      const identity = await identifyPerson(db, users, person);
      rememberPerson(db, person, identity.link).catch((error: unknown) =>
        logger.warn({ err: error, platform: person.platform, app: person.app }, 'could not remember a chat member'),
      );
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
