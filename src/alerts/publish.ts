import type PgBoss from 'pg-boss';
import type { PublishKind } from '../config/routing-schema.js';
import type { ChatConfig } from '../config/schema.js';
import { type MentionRef, type NoticeJob, QUEUES } from '../db/queues.js';
import type { NoticeBody, UpdateEvent } from '../templates/messages.js';
import type { AlertRow } from '../db/alert-json.js';

/** Which timeline events a chat may choose to hear as messages, besides escalations. */
const KIND_OF: Record<UpdateEvent, PublishKind> = {
  assigned: 'assignments',
  acknowledged: 'acknowledgements',
  resolved: 'resolutions',
  commented: 'comments',
};

/** How long a notice waits for its alert's card to arrive, so it can be posted under it. */
export const CARD_WAIT_MS = 30_000;

export interface NoticeContent {
  kind: PublishKind;
  body: NoticeBody;
  mentions?: MentionRef[];
  urgent?: NoticeJob['urgent'];
}

/** The notice a change makes, if its kind is one chats can publish. */
export function updateNotice(alert: AlertRow, event: string, actor: string, details: Record<string, unknown>): NoticeContent | null {
  if (!Object.hasOwn(KIND_OF, event)) return null;
  const kind = KIND_OF[event as UpdateEvent];
  const note = event === 'commented' ? String(details.text ?? '') : typeof details.note === 'string' ? details.note : undefined;
  const body: NoticeBody = { kind: 'update', event: event as UpdateEvent, alertId: alert.id, title: alert.title, actor, assignee: alert.assignee, ...(note !== undefined && { note }), ...(actor === alert.source && { fromSource: true }) };
  return { kind, body, ...(event === 'assigned' && { mentions: alert.assignee ? [{ name: alert.assignee }] : [] }) };
}

/** One notice job per chat that publishes this kind of change. */
export function noticeJobs(chats: readonly ChatConfig[], names: readonly string[], alertId: number, content: NoticeContent, key: string, now: Date): PgBoss.JobInsert[] {
  const wanted = new Set(names);
  return chats
    .filter((chat) => wanted.has(chat.name) && chat.publish.includes(content.kind))
    .map((chat) => ({
      name: QUEUES.noticePost,
      data: {
        chat: chat.name,
        alertId,
        notice: content.body,
        ...(content.mentions?.length && { mentions: content.mentions }),
        ...(content.urgent && { urgent: content.urgent }),
        key: `${key}-${chat.name}`,
        waitForCardUntil: new Date(now.getTime() + CARD_WAIT_MS).toISOString(),
      } satisfies NoticeJob<NoticeBody>,
    }));
}
