import type { Actor } from '../alerts/actor.js';
import type { GongContext } from '../context.js';
import { rememberPerson } from '../people/remember.js';

/**
 * Notes who pressed or wrote, for mentions later. It runs beside the answer, not before it: a
 * platform waits for the answer, and a missed remember only costs a text mention instead of an @.
 */
export function rememberActor(gong: GongContext, actor: Actor): void {
  if (!actor.id || (actor.platform !== 'dingtalk' && actor.platform !== 'lark')) return;
  const person = { platform: actor.platform, id: actor.id, name: actor.name };
  rememberPerson(gong.database.db, gong.config.users, person).catch((error: unknown) =>
    gong.logger.warn({ err: error, platform: actor.platform }, 'could not remember a chat member'),
  );
}
