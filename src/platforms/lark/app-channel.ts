import { createHash } from 'node:crypto';
import type { AlertChannel, Notice } from '../../cards/channel.js';
import type { LarkClient } from './client.js';
import { cardUpdate } from '../../shared/platform-error.js';
import { isCardGone } from './errors.js';
import { escapeMarkdown } from '../../cards/markdown.js';
import { renderLarkCard } from './render-card.js';
import { noticeData } from '../../templates/notice-data.js';
import { renderJson } from '../../templates/render.js';
import { loadTemplate } from '../../templates/template-files.js';

/** Lark's `uuid` dedupes sends for an hour and is at most 50 characters. */
export function larkUuid(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

/** A group served by a Lark app bot: cards posted once (uuid) and updated in place (PATCH). */
export function larkAppChannel(chat: { name: string; chatId: string }, client: LarkClient): AlertChannel {
  return {
    chat: chat.name,
    kind: 'lark',
    postAlert: (view, key) => client.sendCard(chat.chatId, renderLarkCard(view), larkUuid(key)),
    updateAlert: (ref, view) => cardUpdate(client.patchCard(ref, renderLarkCard(view)), isCardGone),
    postNotice: (notice, key) =>
      notice.replyToRef
        ? client.replyCard(notice.replyToRef, noticeCard(notice), { uuid: larkUuid(key) })
        : client.sendCard(chat.chatId, noticeCard(notice), larkUuid(key)),
    async urgent(ref, kind, people) {
      await client.urgent(ref, kind, people.flatMap((person) => (person.lark ? [person.lark] : [])));
    },
  };
}

/** A notice as a small card: the only Lark message type that renders Markdown and `<at>`. */
export function noticeCard(notice: Notice, kind: 'lark' | 'lark-webhook' = 'lark'): Record<string, unknown> {
  const mentions = (notice.mentions ?? []).map((person) => (person.lark ? `<at id=${person.lark}></at>` : `@${escapeMarkdown(person.name)}`)).join(' ');
  return renderJson(loadTemplate({ locale: 'zh-CN', ...notice.templates, kind }, 'notice.json'), noticeData(notice, mentions));
}
