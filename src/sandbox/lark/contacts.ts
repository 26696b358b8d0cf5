import { fail, ok, type Handler } from './http.js';
import type { LarkStore } from './store.js';

/**
 * `GET /open-apis/contact/v3/users/:id?user_id_type=open_id`: events carry only open_ids, so a bot
 * asks for names here. People are known from the chats' member lists; anyone else is refused
 * the way a tenant without contact permission refuses (code 41050).
 */
export function contactHandler(store: LarkStore): Handler {
  return (ctx) => {
    if ((ctx.query.get('user_id_type') ?? 'open_id') !== 'open_id') return fail(400, 99992402, 'field validation failed: user_id_type');
    const id = ctx.params.id ?? '';
    for (const chat of store.chats.values()) {
      const name = chat.members?.get(id);
      if (name) return ok({ user: { open_id: id, name } });
    }
    return fail(400, 41050, 'no user authority error');
  };
}
