import { createHash } from 'node:crypto';
import type { AlertChannel } from '../../cards/channel.js';
import type { LarkClient } from './client.js';
import { cardUpdate } from '../../shared/platform-error.js';
import { isCardGone } from './errors.js';
import { RENDERERS } from '../renderers.js';

const draw = RENDERERS.lark;

/** Lark's `uuid` dedupes sends for an hour and is at most 50 characters. */
export function larkUuid(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** A group served by a Lark app bot: cards posted once (uuid) and updated in place (PATCH). */
export function larkAppChannel(chat: { name: string; chatId: string }, client: LarkClient): AlertChannel {
  return {
    chat: chat.name,
    kind: 'lark',
    postAlert: (view, key) => client.sendCard(chat.chatId, draw.alertMessages['alert-card'](view), larkUuid(key)),
    updateAlert: (ref, view) => cardUpdate(client.patchCard(ref, draw.alertMessages['alert-card'](view)), isCardGone),
    postNotice: (notice, key) =>
      notice.replyToRef
        ? client.replyCard(notice.replyToRef, draw.notice(notice), { uuid: larkUuid(key) })
        : client.sendCard(chat.chatId, draw.notice(notice), larkUuid(key)),
    async urgent(ref, kind, people) {
      await client.urgent(ref, kind, people.flatMap((person) => (person.lark ? [person.lark] : [])));
    },
  };
}
