import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { alertStats } from '../alerts/stats.js';
import type { ChatConfig } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { localDay, nextDailyAt } from '../domain/daily-times.js';
import { parseClock } from '../domain/zoned-time.js';
import type { AlertChannel } from '../cards/channel.js';
import type { ViewOptions } from '../cards/alert-view.js';
import { composeNotice } from '../templates/compose.js';
import type { JobQueue } from '../db/job-queue.js';
import { type DailyStatsJob, QUEUES } from '../db/queues.js';

export interface DailyStatsDeps {
  db: Db;
  jobs: Pick<JobQueue, 'enqueue'>;
  chats: readonly ChatConfig[];
  channels: ReadonlyMap<string, AlertChannel>;
  timeZone: string;
  /** The chat's template set and language, which word the figures. */
  options: (chat: string) => ViewOptions;
  logger: Logger;
}

/**
 * Queues the next occurrence of every configured daily-statistics time. The job id is derived from
 * (chat, time, moment), so every process of a fleet can do this at start and only one job exists.
 */
export async function scheduleDailyStats(deps: Pick<DailyStatsDeps, 'db' | 'jobs' | 'chats' | 'timeZone'>, now = new Date()): Promise<void> {
  const jobs = deps.chats.flatMap((chat) => chat.dailyStats.map((clock) => nextJob(chat.name, clock.text, deps.timeZone, now)));
  await deps.jobs.enqueue(deps.db, jobs);
}

/** Posts one chat's figures for its local day so far, then queues the next day's. */
export async function postDailyStats(deps: DailyStatsDeps, job: DailyStatsJob, now = new Date()): Promise<void> {
  const chat = deps.chats.find((c) => c.name === job.chat);
  // A time removed from the configuration ends its chain.
  if (!chat || !chat.dailyStats.some((clock) => clock.text === job.clock)) return;
  const channel = deps.channels.get(chat.name);
  const day = localDay(now, deps.timeZone);
  if (channel) {
    const figures = await alertStats(deps.db, day.from, now);
    const notice = composeNotice({ kind: 'stats', date: day.date, until: job.clock, figures }, deps.options(chat.name), channel.kind);
    await channel.postNotice(notice, `stats-${chat.name}-${day.date}-${job.clock}`);
  } else {
    deps.logger.warn({ chat: chat.name }, 'daily statistics for a chat without a channel; skipped');
  }
  await deps.jobs.enqueue(deps.db, [nextJob(chat.name, job.clock, deps.timeZone, now)]);
}

function nextJob(chat: string, clock: string, timeZone: string, after: Date) {
  const at = nextDailyAt(parseClock(clock)!, timeZone, after);
  return { id: uuidFrom(`${chat}|${clock}|${at.toISOString()}`), name: QUEUES.dailyStats, data: { chat, clock } satisfies DailyStatsJob, startAfter: at };
}

/** A stable UUID-shaped id from text, for pg-boss's `ON CONFLICT DO NOTHING` on job ids. */
function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
