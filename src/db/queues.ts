import type PgBoss from 'pg-boss';

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
  /** Ask Alertmanager whether a silenced alert still fires: its resolution is muted too. */
  silenceCheck: 'silence-check',
  /** Redraw an alert's cards when its snooze runs out, and forget the ended snooze. */
  snoozeEnd: 'snooze-end',
  /** Post one chat's daily statistics at one configured time. */
  dailyStats: 'daily-stats',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Retry and expiry per queue. `expireInSeconds` is how long a job may stay "active": a job still
 * active after it belonged to a process that died (kill -9) and pg-boss's maintenance puts it
 * back (see MAINTENANCE_INTERVAL_SECONDS in job-queue.ts). Each is the longest honest run of its
 * handler with room to spare, so work in flight at a crash is late by about that, not by pg-boss's
 * 15-minute default. A job expired while still running is retried; every handler is idempotent,
 * so that re-run does nothing twice. README "Crash recovery" explains each row: keep them in step.
 */
export const QUEUE_OPTIONS: Record<QueueName, Omit<PgBoss.Queue, 'name'>> = {
  // A few queries and one platform call (10 s time-out) after a token fetch (10 s); the card row
  // written before the call makes a re-run find (or update) the card instead of posting another.
  [QUEUES.cardDeliver]: { policy: 'standard', retryLimit: 20, retryDelay: 2, retryBackoff: true, expireInSeconds: 30 },
  // "stately": at most one waiting and one running job per card, so a burst of changes coalesces
  // into one update that renders whatever the alert looks like when it runs.
  [QUEUES.cardUpdate]: { policy: 'stately', retryLimit: 20, retryDelay: 1, retryBackoff: true, expireInSeconds: 30 },
  [QUEUES.stormSummary]: { policy: 'stately', retryLimit: 20, retryDelay: 1, retryBackoff: true, expireInSeconds: 30 },
  // One database transaction, no platform call: a step is late after seconds. The alert's
  // escalation record moves past the step in that transaction, so a re-run fires nothing.
  [QUEUES.escalationStep]: { policy: 'standard', retryLimit: 10, retryDelay: 1, retryBackoff: true, expireInSeconds: 15 },
  // One transition through the service, deduplicated by its key.
  [QUEUES.ackTimeout]: { policy: 'standard', retryLimit: 10, retryDelay: 1, retryBackoff: true, expireInSeconds: 15 },
  // Mention look-ups, the post and an urgent buzz: up to a few 10 s platform calls. The notice's
  // key is the platform's idempotency key, so a re-run does not post it twice.
  [QUEUES.noticePost]: { policy: 'standard', retryLimit: 20, retryDelay: 2, retryBackoff: true, expireInSeconds: 45 },
  // One call (10 s time-out). Backoff 2 s, 4 s, 8 s… up to about an hour in all; each attempt is
  // recorded on the delivery, and the receiver can tell a repeat by its delivery id.
  [QUEUES.webhookPost]: { policy: 'standard', retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 30 },
  // "stately" per alert: snooze, unsnooze and resolve in quick succession settle on the last state.
  // One call to Alertmanager (10 s time-out) that sets the silence to the alert's current state.
  [QUEUES.silenceSync]: { policy: 'stately', retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 30 },
  // "stately" per alert: one check waits at a time, however often the silence is rewritten. One
  // read of Alertmanager (10 s time-out) and at most one transition.
  [QUEUES.silenceCheck]: { policy: 'stately', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 30 },
  // One transaction that clears a snooze already run out; a re-run finds nothing to clear.
  [QUEUES.snoozeEnd]: { policy: 'standard', retryLimit: 10, retryDelay: 2, retryBackoff: true, expireInSeconds: 15 },
  // Counting queries and one post; each time of day is one job id, so a re-run posts the same day once.
  [QUEUES.dailyStats]: { policy: 'standard', retryLimit: 5, retryDelay: 10, retryBackoff: true, expireInSeconds: 60 },
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

/**
 * `Body` is what to say, as plain values (templates/messages.ts `NoticeBody`): the job queue
 * stores it as JSON and never reads it, so it names no type of the parts above it.
 */
export interface NoticeJob<Body extends { kind: string } = { kind: string }> {
  chat: string;
  /** The alert the notice is about: it is posted as a reply under that alert's card where possible. */
  alertId?: number;
  /** What to say, as values: the chat's templates word it when the job runs. */
  notice: Body;
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

export interface SilenceCheckJob {
  alertId: number;
  /** Checks in a row that did not find the alert firing (see alerts/silence-check.ts). */
  missing?: number;
}

export interface SnoozeEndJob {
  alertId: number;
  /** The snooze this job ends, ISO; a snooze changed since then has its own job. */
  until: string;
}

export interface DailyStatsJob {
  chat: string;
  /** `HH:MM` as configured. */
  clock: string;
}
