import type { Actor } from '../../domain/actor.js';
import type { InboundBudget } from '../transport.js';
import type { LarkClient, LarkContact } from './client.js';

/** Room for one call in the app's share of the fleet-wide budget: a contact lookup counts against its limits like a send. */
export type AppRoom = () => ReturnType<InboundBudget['take']>;

/** Someone in a Lark event: the open_id of the receiving app, and the union_id when the event gave it. */
export interface LarkPerson {
  openId: string;
  unionId?: string;
  /** The name the event itself gave (mentions carry one), used when the contact API gives none. */
  name?: string;
}

/**
 * Turns a person in an event into an actor of one app (open_ids differ between apps). Lark
 * events carry no names, so Gong asks the contact API once per person, which also gives the
 * mobile and e-mail that link them to a configured user; without that permission the open_id
 * stands in for the name.
 */
export function createPeopleBook(client: LarkClient, app: string, room: AppRoom): (person: LarkPerson) => Promise<Actor & { platform: 'lark' }> {
  const contacts = new Map<string, LarkContact>();
  return async ({ openId, unionId, name }) => {
    let contact = contacts.get(openId);
    if (!contact) {
      contact = (await lookUp(client, room, openId)) ?? {};
      if (contact.name) contacts.set(openId, contact);
    }
    const details = { ...(contact.unionId && { unionId: contact.unionId }), ...(unionId && { unionId }), ...(contact.mobile && { mobile: contact.mobile }), ...(contact.email && { email: contact.email }) };
    return { platform: 'lark', app, id: openId, name: contact.name ?? name ?? openId, ...(Object.keys(details).length > 0 && { contact: details }) };
  };
}

/**
 * One contact lookup within the app's budget. A click is waiting for its answer, so when the
 * budget has no room (a storm of sends and updates) the person goes unnamed this once rather
 * than wait or push the app over Lark's limit; the next event asks again.
 */
async function lookUp(client: LarkClient, room: AppRoom, openId: string): Promise<LarkContact | undefined> {
  const taken = await room();
  if (!taken.ok) return undefined;
  try {
    return await client.contact(openId).catch(() => undefined);
  } finally {
    await taken.settle();
  }
}
