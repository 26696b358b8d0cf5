import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { UserConfig } from '../config/routing-schema.js';
import type { Db } from '../db/client.js';
import { cards } from '../db/schema.js';
import { type MentionApps, resolveMentions } from '../people/mentions.js';
import type { ViewOptions } from '../cards/alert-view.js';
import type { AlertChannel } from '../cards/channel.js';
import { PlatformError } from '../shared/platform-error.js';
import { composeNotice } from '../templates/compose.js';
import type { NoticeJob } from '../db/queues.js';
import type { NoticeBody } from '../templates/messages.js';

export interface NoticeWorkerDeps {
  db: Db;
  channels: ReadonlyMap<string, AlertChannel>;
  users: readonly UserConfig[];
  /** The app serving each chat, whose ids its mentions use. */
  appsOf: (chat: string) => MentionApps;
  /** The chat's template set and language, which word the notice when it is posted. */
  options: (chat: string) => ViewOptions;
  logger: Logger;
}

/** Thrown so pg-boss tries again shortly: the alert's card is on its way and the notice belongs under it. */
class CardNotPostedYet extends Error {}

/**
 * Posts one notice, as a reply under the alert's card where the platform threads (Lark), with
 * real mentions, then buzzes the mentioned Lark users when the step asks for it.
 */
export async function postNotice(deps: NoticeWorkerDeps, job: NoticeJob<NoticeBody>, now = new Date()): Promise<void> {
  const channel = deps.channels.get(job.chat);
  if (!channel) return void deps.logger.warn({ chat: job.chat }, 'notice for a chat without a channel; skipped');
  const card = job.alertId === undefined ? undefined : await findCard(deps.db, job.alertId, job.chat);
  if (job.alertId !== undefined && !card && job.waitForCardUntil && Date.parse(job.waitForCardUntil) > now.getTime()) {
    throw new CardNotPostedYet(`the card of #${job.alertId} in ${job.chat} is not posted yet`);
  }
  const mentions = await resolveMentions(deps.db, deps.users, job.mentions ?? [], deps.appsOf(job.chat));
  try {
    const notice = composeNotice(job.notice, deps.options(job.chat), channel.kind);
    const ref = await channel.postNotice({ ...notice, mentions, ...(card && { replyToRef: card.ref }) }, job.key);
    const buzzed = mentions.filter((person) => person.lark);
    if (job.urgent && channel.urgent && buzzed.length > 0) await channel.urgent(ref, job.urgent, buzzed);
  } catch (error) {
    if (error instanceof PlatformError && !error.retryable) {
      return void deps.logger.error({ chat: job.chat, code: error.code, reason: error.message }, 'notice failed permanently');
    }
    throw error;
  }
}

async function findCard(db: Db, alertId: number, chat: string) {
  const [row] = await db.select().from(cards).where(and(eq(cards.alertId, alertId), eq(cards.chat, chat)));
  // A row without a ref is a card still being posted: not there yet to answer under.
  return row?.ref ? row : undefined;
}
