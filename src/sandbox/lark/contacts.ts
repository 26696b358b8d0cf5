import { fail, ok, type Handler } from './http.js';
import { derivedUnionId } from './events.js';
import type { LarkStore } from './store.js';

/**
 * `GET /open-apis/contact/v3/users/:id?user_id_type=open_id`: events carry no names, so a bot
 * asks for names (and union_id, mobile, e-mail where the member has them) here. People are known from the chats' member lists; anyone else is refused
 * the way a tenant without contact permission refuses (code 41050).
 */
export function contactHandler(store: LarkStore): Handler {
  return (ctx) => {
    if ((ctx.query.get('user_id_type') ?? 'open_id') !== 'open_id') return fail(400, 99992402, 'field validation failed: user_id_type');
    const id = ctx.params.id ?? '';
    const member = store.people.get(id);
    if (!member) return fail(400, 41050, 'no user authority error');
    return ok({
      user: {
        open_id: id,
        union_id: member.unionId ?? derivedUnionId(id),
        name: member.name,
        ...(member.mobile && { mobile: member.mobile }),
        ...(member.email && { email: member.email }),
      },
    });
  };
}
