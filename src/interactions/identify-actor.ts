import type { Actor } from '../domain/actor.js';
import type { GongContext } from '../context.js';
import { identifyPerson } from '../people/identify.js';
import type { SeenPerson } from '../people/match-user.js';
import { rememberPerson } from '../people/remember.js';

/**
 * Finds the configured user behind a chat account, so the same person is one name whichever app
 * they clicked in, and notes the account for mentions later. Remembering runs beside the answer,
 * not before it: a platform waits for the answer, and a missed remember only costs a text
 * mention instead of an @. A failed lookup keeps the platform's name rather than failing the click.
 */
export async function identifyActor<A extends Actor>(gong: GongContext, actor: A): Promise<A> {
  const person = seenPerson(actor);
  if (!person) return actor;
  try {
    const identity = await identifyPerson(gong.database.db, gong.config.users, person);
    rememberPerson(gong.database.db, person, identity.link).catch((error: unknown) =>
      gong.logger.warn({ err: error, platform: person.platform, app: person.app }, 'could not remember a chat member'),
    );
    return { ...actor, name: identity.name };
  } catch (error) {
    gong.logger.warn({ err: error, platform: person.platform, app: person.app }, 'could not look up a chat member');
    return actor;
  }
}

function seenPerson(actor: Actor): SeenPerson | undefined {
  if (!actor.id || !actor.app || (actor.platform !== 'dingtalk' && actor.platform !== 'lark')) return undefined;
  return { platform: actor.platform, app: actor.app, id: actor.id, name: actor.name, ...actor.contact };
}
