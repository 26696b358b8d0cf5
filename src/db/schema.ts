import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Escalation } from '../domain/escalation.js';

/**
 * One row per incident: a group of alerts people act on as one. `id` is the short number people
 * type (`ack 42`). The table keeps its first name (`alerts`): before grouping, every alert was its
 * own incident, and the REST API's `/api/v1/alerts` still shows these rows.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: serial('id').primaryKey(),
    source: text('source').notNull(),
    /** The fingerprint of the alert that opened the incident. */
    fingerprint: text('fingerprint').notNull(),
    /** What its alerts have in common (`domain/grouping.ts`); a firing alert with this key joins the open incident. */
    groupKey: text('group_key').notNull(),
    state: text('state', { enum: ['triggered', 'acknowledged', 'resolved'] }).notNull(),
    title: text('title').notNull(),
    severity: text('severity', { enum: ['critical', 'warning', 'info'] }).notNull(),
    description: text('description'),
    url: text('url'),
    /** The opening alert's labels: what the incident was routed on, so its chats never shift as alerts join. */
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    /** The labels every alert of the incident shares, kept as alerts join, leave and merge. */
    commonLabels: jsonb('common_labels').$type<Record<string, string>>().notNull().default({}),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull(),
    /** Notifications received for its alerts, repeats included. */
    count: integer('count').notNull().default(1),
    /** How many of its alerts there are, and how many of them are firing (the rest the source resolved). */
    alertCount: integer('alert_count').notNull().default(1),
    firingCount: integer('firing_count').notNull().default(1),
    /** Set when the incident was merged into another: it is closed (resolved) and points there. */
    mergedInto: integer('merged_into'),
    assignee: text('assignee'),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: text('acknowledged_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    version: integer('version').notNull().default(1),
    /** The escalation policy snapshotted at open and its progress (`domain/escalation.ts`). */
    escalation: jsonb('escalation').$type<Escalation>(),
    /**
     * The Alertmanager silences of the current snooze, one per firing alert: incident_alerts id →
     * silence id. Expired when the snooze ends, and when their alert leaves or stops firing.
     */
    silenceIds: jsonb('silence_ids').$type<Record<string, string>>().notNull().default({}),
    /** Why Alertmanager did not take the snooze's silence (credentials masked); null once it did. */
    silenceError: text('silence_error'),
  },
  (t) => [
    // At most one open incident per (source, group key); a resolved one frees the slot so a new
    // firing opens a new incident instead of resurrecting history.
    uniqueIndex('alerts_open_group').on(t.source, t.groupKey).where(sql`state <> 'resolved'`),
    index('alerts_state_id').on(t.state, t.id),
    // The open incidents newest first (`alerts list --state open`, the console's default view):
    // a page reads only open rows however many resolved ones are newer.
    index('alerts_open_id').on(t.id).where(sql`state <> 'resolved'`),
    index('alerts_source_id').on(t.source, t.id),
  ],
);

/**
 * The alerts inside incidents, each with its own identity (source, fingerprint), labels and
 * count. A fingerprint is in at most one open incident: its next notification goes there.
 */
export const incidentAlerts = pgTable(
  'incident_alerts',
  {
    id: serial('id').primaryKey(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** `resolved`: the source said it ended (a person resolves the incident, not its alerts). */
    status: text('status', { enum: ['firing', 'resolved'] }).notNull(),
    title: text('title').notNull(),
    severity: text('severity', { enum: ['critical', 'warning', 'info'] }).notNull(),
    description: text('description'),
    url: text('url'),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull(),
    count: integer('count').notNull().default(1),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    /** When it joined its incident (opening it, arriving later, or moved there by a merge or split). */
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('incident_alerts_member').on(t.incidentId, t.source, t.fingerprint),
    index('incident_alerts_fingerprint').on(t.source, t.fingerprint),
  ],
);

/** The timeline: every accepted change, with who did it and from where. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    actor: text('actor').notNull(),
    platform: text('platform').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('alert_events_alert').on(t.alertId, t.id)],
);

/**
 * Remembers the answer given to each action's dedupe key, so a platform that redelivers a click
 * (they all do under load) gets the first answer back instead of a second transition.
 */
export const actionResults = pgTable('action_results', {
  dedupeKey: text('dedupe_key').primaryKey(),
  alertId: integer('alert_id').notNull(),
  result: jsonb('result').$type<Record<string, unknown>>(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One posted alert card per (alert, chat): where it is on the platform and what it last showed. */
export const cards = pgTable(
  'cards',
  {
    id: serial('id').primaryKey(),
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    chat: text('chat').notNull(),
    platform: text('platform').notNull(),
    /** The platform's handle: DingTalk outTrackId, Lark message_id. */
    ref: text('ref').notNull(),
    /**
     * The alert version the platform shows, counting the worst case: while a click's answer may
     * still land, the lowest version that can end up on the card.
     */
    renderedVersion: integer('rendered_version').notNull(),
    /** Why the platform refuses to update this card (deleted, recalled, forgotten): the card's failure, not its chat's. */
    failure: text('failure'),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    /**
     * The oldest version a click's answer carries that the platform may still apply (until
     * `answerUntil`, its deadline). Cleared by the check after the deadline, which repairs the card.
     */
    answerVersion: integer('answer_version'),
    answerUntil: timestamp('answer_until', { withTimezone: true }),
    /** Set while one job writes the card: writes to a card go one at a time, so none lands out of order. */
    writingUntil: timestamp('writing_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('cards_alert_chat').on(t.alertId, t.chat), index('cards_platform_ref').on(t.platform, t.ref)],
);

/**
 * Chats created from the API, the CLI or the console (config-file chats live in the file). The
 * whole chat as validated lives in `settings`, secrets included: the API never returns them.
 */
export const chats = pgTable('chats', {
  name: text('name').primaryKey(),
  type: text('type').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One sliding window of outbound platform calls (a chat, an app, a robot, a message): the times
 * of the calls still inside it. Every Gong process sharing the database takes from the same row
 * under a row lock, so the fleet together stays inside the platform's limit.
 */
export const rateWindows = pgTable('rate_windows', {
  key: text('key').primaryKey(),
  /** Milliseconds since the epoch (database clock), oldest first. */
  stamps: jsonb('stamps').$type<number[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Why a chat no longer takes messages (set by a permanent platform refusal, shown by the API), and
 * the outcome of its last sends, so every instance and the console tell the same story.
 */
export const chatStatus = pgTable('chat_status', {
  chat: text('chat').primaryKey(),
  state: text('state', { enum: ['ok', 'failing'] }).notNull(),
  reason: text('reason'),
  code: text('code'),
  failedAt: timestamp('failed_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  /** The last send that got through, from any instance (the console's "last delivery"). */
  lastOkAt: timestamp('last_ok_at', { withTimezone: true }),
  /** The last send that failed, even one retried later, and the platform's words (secrets masked). */
  lastErrorAt: timestamp('last_error_at', { withTimezone: true }),
  lastError: text('last_error'),
});

/**
 * One storm summary per chat and group-by key: the notice that stands for every alert folded
 * into it. `version` grows with each fold or state change; `renderedVersion` is what was posted.
 */
export const stormSummaries = pgTable(
  'storm_summaries',
  {
    id: serial('id').primaryKey(),
    chat: text('chat').notNull(),
    groupKey: text('group_key').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    lastFoldAt: timestamp('last_fold_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
    renderedVersion: integer('rendered_version').notNull().default(0),
    renderedAt: timestamp('rendered_at', { withTimezone: true }),
  },
  (t) => [index('storm_summaries_chat_key').on(t.chat, t.groupKey, t.lastFoldAt)],
);

/** An alert counted in a storm summary instead of getting its own card in that chat. */
export const foldedAlerts = pgTable(
  'folded_alerts',
  {
    alertId: integer('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    chat: text('chat').notNull(),
    summaryId: integer('summary_id')
      .notNull()
      .references(() => stormSummaries.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.chat] }), index('folded_alerts_summary').on(t.summaryId)],
);

/**
 * People seen in chat events (clicks, commands), per platform id, so mentions can use the right
 * id and a configured user can be linked to them (by mobile, e-mail or `gong users link`).
 */
export const people = pgTable(
  'people',
  {
    id: serial('id').primaryKey(),
    platform: text('platform', { enum: ['dingtalk', 'lark'] }).notNull(),
    /** The app that sees the person under `platformId` (Lark open_ids and DingTalk organisations differ per app). */
    app: text('app').notNull(),
    platformId: text('platform_id').notNull(),
    name: text('name').notNull(),
    /** Lark union_id: the same person in every app of a tenant, which links their accounts. */
    unionId: text('union_id'),
    mobile: text('mobile'),
    email: text('email'),
    /** The configured user this person is, once linked. */
    userName: text('user_name'),
    linkedBy: text('linked_by', { enum: ['config', 'union_id', 'mobile', 'email', 'cli'] }),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('people_app_id').on(t.platform, t.app, t.platformId),
    index('people_user').on(t.userName),
    index('people_union').on(t.platform, t.unionId),
  ],
);

/** Every outbound webhook call and how it went, so failures are visible in the API. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: serial('id').primaryKey(),
    webhook: text('webhook').notNull(),
    event: text('event').notNull(),
    alertId: integer('alert_id').references(() => alerts.id, { onDelete: 'cascade' }),
    /** The exact JSON sent, so every retry carries the same body. */
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Set when the step that caused it was an escalation (for the API). */
    escalation: boolean('escalation').notNull().default(false),
  },
  (t) => [index('webhook_deliveries_status').on(t.status, t.id)],
);

/**
 * Console sign-ins, kept here so every instance on this database agrees on them and signing out
 * ends one everywhere. Only a keyed hash of the session id is stored: a copy of this table opens
 * nothing.
 */
export const consoleSessions = pgTable(
  'console_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('console_sessions_last_seen').on(t.lastSeenAt)],
);
