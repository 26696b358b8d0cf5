import type PgBoss from 'pg-boss';
import type { PublishKind } from '../config/routing-schema.js';
import type { ChatConfig } from '../config/schema.js';
import { type MentionRef, type NoticeJob, QUEUES } from '../jobs/queues.js';
import { escapeMarkdown as md } from '../platforms/markdown.js';
import type { AlertRow } from './alert-json.js';

/** Which timeline events a chat may choose to hear as messages, besides escalations. */
const KIND_OF: Record<string, PublishKind> = {
  assigned: 'assignments',
  acknowledged: 'acknowledgements',
  resolved: 'resolutions',
  commented: 'comments',
};

/** How long a notice waits for its alert's card to arrive, so it can be posted under it. */
export const CARD_WAIT_MS = 30_000;

export interface NoticeContent {
  kind: PublishKind;
  title: string;
  markdown: string;
  mentions?: MentionRef[];
  urgent?: NoticeJob['urgent'];
}

/** The notice a change makes, if its kind is one chats can publish. */
export function updateNotice(alert: AlertRow, event: string, actor: string, details: Record<string, unknown>): NoticeContent | null {
  const kind = KIND_OF[event];
  if (!kind) return null;
  const title = `#${alert.id} ${alert.title}`;
  const by = md(actor);
  switch (kind) {
    case 'assignments':
      return { kind, title, markdown: `Assigned to **${md(alert.assignee ?? '')}** by ${by}`, mentions: alert.assignee ? [{ name: alert.assignee }] : [] };
    case 'acknowledgements':
      return { kind, title, markdown: `Acknowledged by ${by}` };
    case 'resolutions':
      return { kind, title, markdown: `Resolved by ${by}${typeof details.note === 'string' ? `: ${md(details.note)}` : ''}` };
    default:
      return { kind, title, markdown: `${by}: ${md(String(details.text ?? ''))}` };
  }
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
        notice: { kind: content.kind === 'escalations' ? 'escalation' : 'update', title: content.title, markdown: content.markdown },
        ...(content.mentions?.length && { mentions: content.mentions }),
        ...(content.urgent && { urgent: content.urgent }),
        key: `${key}-${chat.name}`,
        waitForCardUntil: new Date(now.getTime() + CARD_WAIT_MS).toISOString(),
      } satisfies NoticeJob,
    }));
}
