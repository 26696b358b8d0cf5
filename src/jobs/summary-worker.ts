import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { stormSummaries } from '../db/schema.js';
import { Deferral } from '../shared/deferral.js';
import { call, type CardWorkerDeps } from './card-workers.js';
import type { SummaryJob } from '../db/queues.js';
import { summaryCounts } from '../delivery/storm.js';
import type { ViewOptions } from '../cards/alert-view.js';
import { composeNotice } from '../templates/compose.js';
import { summaryBody } from '../delivery/summary-text.js';

export interface SummaryWorkerDeps extends CardWorkerDeps {
  /** Where people open the full list (the console); the summary links there. */
  publicUrl: string;
  /** The chat's template set and language, which word the summary. */
  options: (chat: string) => ViewOptions;
}

/**
 * Posts a storm's summary with its current counts. Robots cannot edit a message, so a refresh
 * is a new message: at most one per `refreshMs`, and only when the counts changed.
 */
export async function postSummary(deps: SummaryWorkerDeps, job: SummaryJob): Promise<void> {
  const channel = deps.channels.get(job.chat);
  const delivery = deps.delivery.get(job.chat);
  const [summary] = await deps.db.select().from(stormSummaries).where(eq(stormSummaries.id, job.summaryId));
  if (!channel || !delivery || !summary || summary.renderedVersion >= summary.version) return;
  const sinceLast = summary.renderedAt ? Date.now() - summary.renderedAt.getTime() : Infinity;
  if (sinceLast < delivery.storm.refreshMs) throw new Deferral(delivery.storm.refreshMs - sinceLast, 'budget');

  const counts = await summaryCounts(deps.db, summary.id);
  const link = `${deps.publicUrl}/console/alerts?summary=${summary.id}&chat=${encodeURIComponent(job.chat)}`;
  const notice = composeNotice(summaryBody({ chat: job.chat, groupKey: summary.groupKey, counts, link }), deps.options(job.chat), channel.kind);
  const posted = await call(deps, job, () =>
    channel.postNotice(notice, `gong-summary-${summary.id}-v${summary.version}`),
  );
  if (posted === undefined) return;
  await markRendered(deps.db, summary.id, summary.version);
}

async function markRendered(db: Db, id: number, version: number): Promise<void> {
  await db
    .update(stormSummaries)
    .set({ renderedVersion: sql`GREATEST(${stormSummaries.renderedVersion}, ${version})`, renderedAt: new Date() })
    .where(eq(stormSummaries.id, id));
}
