import type PgBoss from 'pg-boss';
import type { NoticeBody } from '../templates/messages.js';

/** Every pg-boss queue Gong uses; created at start-up because pg-boss 10 refuses unknown queues. */
export const QUEUES = {
  /** Post an alert's first card into one chat. */
  cardDeliver: 'card-deliver',
  /** Refresh one posted card to the alert's latest state. */
  cardUpdate: 'card-update',
  /** Post (again) a storm's summary with its current counts. */
  stormSummary: 'storm-summary',
  /** Fire one escalation step when it falls due (a stale generation does nothing). */
  escalationStep: 'escalation-step',
  /** Return an alert acknowledged too long ago to triggered. */
  ackTimeout: 'ack-timeout',
  /** Post a notice (escalation, update, statistics) into one chat. */
  noticePost: 'notice-post',
  /** Call one outbound webhook (one delivery row). */
  webhookPost: 'webhook-post',
  /** Make the Alertmanager silence match the alert's snooze. */
  silenceSync: 'silence-sync',
  /** Post one chat's daily statistics at one configured time. */
  dailyStats: 'daily-stats',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, 'name'>> = {
  // A card job is a few queries and one platform call (10 s time-out): one still "active" after
  // a minute belonged to a process that died (kill -9), and goes back to the queue.
  [QUEUES.cardDeliver]: { policy: 'standard', retryLimit: 20, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  // "stately": at most one waiting and one running job per card, so a burst of changes coalesces
  // into one update that renders whatever the alert looks like when it runs.
  [QUEUES.cardUpdate]: { policy: 'stately', retryLimit: 20, retryDelay: 1, retryBackoff: true, expireInSeconds: 60 },
  [QUEUES.stormSummary]: { policy: 'stately', retryLimit: 20, retryDelay: 1, retryBackoff: true, expireInSeconds: 60 },
    [QUEUES.escalationStep]: { policy: 'standard', retryLimit: 10, retryDelay: 2, retryBackoff: true },
  [QUEUES.ackTimeout]: { policy: 'standard', retryLimit: 10, retryDelay: 2, retryBackoff: true },
  [QUEUES.noticePost]: { policy: 'standard', retryLimit: 20, retryDelay: 2, retryBackoff: true },
  // Backoff 2 s, 4 s, 8 s… up to about an hour in all; each attempt is recorded on the delivery.
  [QUEUES.webhookPost]: { policy: 'standard', retryLimit: 10, retryDelay: 2, retryBackoff: true },
  // "stately" per alert: snooze, unsnooze and resolve in quick succession settle on the last state.
  [QUEUES.silenceSync]: { policy: 'stately', retryLimit: 10, retryDelay: 2, retryBackoff: true },
  [QUEUES.dailyStats]: { policy: 'standard', retryLimit: 5, retryDelay: 10, retryBackoff: true },
};

export interface CardJob {
  alertId: number;
  chat: string;
  /** The check after a click's answer could last reach the card: it settles what the card shows. */
  afterAnswer?: boolean;
  /** Platform failures so far (waits for budget are not failures). */
  attempt?: number;
}

export interface SummaryJob {
  summaryId: number;
  chat: string;
  attempt?: number;
}

export interface EscalationStepJob {
  alertId: number;
  generation: number;
  index: number;
}

export interface AckTimeoutJob {
  alertId: number;
  generation: number;
}

export interface NoticeJob {
  chat: string;
  /** The alert the notice is about: it is posted as a reply under that alert's card where possible. */
  alertId?: number;
  /** What to say, as values: the chat's templates word it when the job runs. */
  notice: NoticeBody;
  /** Configured user names and platform people to @-mention, resolved when the job runs. */
  mentions?: MentionRef[];
  urgent?: 'app' | 'sms' | 'phone';
  key: string;
  /** Until then a notice about an alert whose card is not posted yet is retried, to land under it. */
  waitForCardUntil?: string;
}

/** Someone to mention: a configured user, or a person seen in chat known only by name. */
export type MentionRef = { user: string } | { name: string };

export interface WebhookJob {
  deliveryId: number;
}

export interface SilenceJob {
  alertId: number;
}

export interface DailyStatsJob {
  chat: string;
  /** `HH:MM` as configured. */
  clock: string;
}
