import type { Logger } from 'pino';
import type { AlertService } from '../alerts/service.js';
import type { ChatRegistry } from '../chats/chat-registry.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import type { Db } from '../db/client.js';
import type { AlertChannel } from '../cards/channel.js';
import type { JobQueue } from '../db/job-queue.js';
import { postDailyStats, scheduleDailyStats } from './daily-stats.js';
import { postNotice } from './notice-worker.js';
import { mentionApps } from '../people/mention-apps.js';
import { QUEUES, type AckTimeoutJob, type DailyStatsJob, type EscalationStepJob, type NoticeJob, type SilenceCheckJob, type SilenceJob, type SnoozeEndJob, type WebhookJob } from '../db/queues.js';
import { checkSilencedAlert, scheduleSilenceChecks } from '../alerts/silence-check.js';
import { syncSilence } from '../alerts/silence-sync.js';
import { postWebhook } from './webhook-worker.js';
import type { NoticeBody } from '../templates/messages.js';

export interface FollowUpDeps {
  config: RuntimeConfig;
  db: Db;
  jobs: JobQueue;
  alerts: Pick<AlertService, 'act' | 'stepDue' | 'ackTimedOut' | 'snoozeRanOut'>;
  chats: Pick<ChatRegistry, 'list' | 'get' | 'look'>;
  /** Each chat's running channel (live: chats added at run time included). */
  channels: ReadonlyMap<string, AlertChannel>;
  logger: Logger;
}

/** Starts the workers for escalation timers, notices, webhooks, silences, snooze ends and daily statistics. */
export async function startFollowUpWorkers(deps: FollowUpDeps): Promise<void> {
  const { db, jobs, channels, logger } = deps;
  // The chats of the moment: those saved from the API or console publish and get statistics too.
  const allChats = () => deps.chats.list().map((entry) => entry.chat);
  const config = { ...deps.config, get chats() { return allChats(); } };
  // State changes go through the alert service, as a click's do; a refused one is done with.
  await jobs.work<EscalationStepJob>(QUEUES.escalationStep, async (job) => void (await deps.alerts.stepDue(job)));
  await jobs.work<AckTimeoutJob>(QUEUES.ackTimeout, async (job) => void (await deps.alerts.ackTimedOut(job)));
  const options = deps.chats.look;
  await jobs.work<NoticeJob<NoticeBody>>(QUEUES.noticePost, (job) => postNotice({ db, channels, users: config.users, appsOf: (chat) => mentionApps(config, deps.chats.get(chat)?.chat), options, logger }, job));
  await jobs.work<WebhookJob>(QUEUES.webhookPost, (job) => postWebhook({ db, webhooks: config.webhooks }, job));
  await jobs.work<SilenceJob>(QUEUES.silenceSync, (job) => syncSilence({ db, jobs, sources: config.sources, logger }, job));
  await jobs.work<SilenceCheckJob>(QUEUES.silenceCheck, (job) => checkSilencedAlert({ db, jobs, sources: config.sources, act: deps.alerts.act, logger }, job));
  await scheduleSilenceChecks({ db, jobs, sources: config.sources });
  await jobs.work<SnoozeEndJob>(QUEUES.snoozeEnd, async (job) => void (await deps.alerts.snoozeRanOut(job)));
  const stats = { db, jobs, get chats() { return allChats(); }, channels, timeZone: config.timezone, options, logger };
  await jobs.work<DailyStatsJob>(QUEUES.dailyStats, (job) => postDailyStats(stats, job));
  await scheduleDailyStats(stats);
}
