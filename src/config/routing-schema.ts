import { z } from 'zod';
import { EACH_ALERT_ALONE } from '../domain/grouping.js';
import { parseDuration } from '../domain/duration.js';
import type { Matcher } from '../domain/matchers.js';
import { parseMatchers } from '../domain/parse-matchers.js';
import { httpUrl } from './url-schema.js';
import { parseClock, parseDate } from '../domain/zoned-time.js';
import { readInstant } from './instant.js';

/** The schemas of who hears about an alert and when: routes, users, schedules, escalations, webhooks. */

const name = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/i, 'expected a name of letters, digits, ".", "-" or "_" (at most 63)');

/** Longer than a year is a typo (and past what a job's start time can hold). */
const MAX_DURATION_MS = 366 * 86_400_000;

const duration = (example: string, options: { zero: boolean }) =>
  z.string().transform((text, ctx) => {
    const zero = text.trim() === '0' || /^0[smhdw]$/.test(text.trim());
    const ms = zero ? 0 : parseDuration(text);
    if (ms === undefined || (zero && !options.zero)) {
      ctx.addIssue({ code: 'custom', message: `expected a duration such as ${example} (s, m, h, d, w), got "${text}"` });
      return z.NEVER;
    }
    if (ms > MAX_DURATION_MS) {
      ctx.addIssue({ code: 'custom', message: `expected at most a year (such as ${example}), got "${text}"` });
      return z.NEVER;
    }
    return ms;
  });

const clock = z.string().transform((text, ctx) => {
  const minutes = parseClock(text);
  if (minutes === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a 24-hour time of day as HH:MM, such as "09:00" or "18:30"; got "${text}"` });
    return z.NEVER;
  }
  return { text: text.trim(), minutes };
});

/** Each entry is one Alertmanager `matchers:` line: one matcher, or several separated by commas. */
const matchers = z.array(z.string()).transform((lines, ctx): Matcher[] =>
  lines.flatMap((line, i) => {
    const parsed = parseMatchers(line);
    if (parsed.ok) return parsed.matchers;
    ctx.addIssue({ code: 'custom', message: `\`${line}\`: ${parsed.error}`, path: [i] });
    return [];
  }),
);

export const routeSchema = z.strictObject({
  name: name.optional(),
  /** Alertmanager-style matchers; a single string is one matcher. Omitted: every alert. */
  match: z.preprocess((value) => (typeof value === 'string' ? [value] : value), matchers).default([]),
  chats: z.array(name).default([]),
  escalation: name.optional(),
  /** The labels whose values make an incident; `['...']` makes every alert its own incident. */
  groupBy: z
    .array(z.string().min(1))
    .refine((labels) => !labels.includes(EACH_ALERT_ALONE) || labels.length === 1, `\`${EACH_ALERT_ALONE}\` already groups by every label: write it alone, as groupBy: ['${EACH_ALERT_ALONE}']`)
    .optional(),
  continue: z.boolean().default(false),
});

/**
 * A person's id on a platform: one id (every app of the platform sees it), or one per app by the
 * app's name, where the platform gives each app its own ids (Lark open_id, DingTalk organisations).
 */
const platformIds = (what: string) =>
  z.union([
    z.string().min(1),
    z
      .record(z.string(), z.string().min(1, `expected the ${what} this app sees`))
      .refine((ids) => Object.keys(ids).length > 0, `expected the ${what} per app, such as { hq: …, overseas: … }`),
  ], { error: `expected the ${what}, or one per app such as { hq: …, overseas: … }` });

export const userSchema = z.strictObject({
  name: z.string().min(1).max(100),
  /** DingTalk userId (staffId): one for every app (one organisation), or per app. */
  dingtalk: platformIds('DingTalk userId').optional(),
  /** Lark open_id, which differs per app: one when there is one app, else per app. */
  lark: platformIds('Lark open_id').optional(),
  /** WeCom userid, for `<@userid>` in WeCom robot messages. */
  wecom: z.string().min(1).optional(),
  mobile: z.string().min(5).optional(),
  email: z.email({ error: 'expected an e-mail address' }).optional(),
});

const instant = z.string().refine((text) => readInstant(text) !== undefined, {
  message: 'expected a date and time such as "2026-03-01 09:00" (schedule time zone) or "2026-03-01T09:00+08:00"',
});

export const scheduleSchema = z.strictObject({
  name,
  /** Defaults to the top-level `timezone`. */
  timezone: z.string().optional(),
  rotation: z.strictObject({
    users: z.array(z.string().min(1)).min(1, 'expected at least one user'),
    start: z.string().refine((text) => parseDate(text) !== undefined, 'expected the first day of the rotation as YYYY-MM-DD'),
    period: z.enum(['daily', 'weekly']).default('weekly'),
    handoff: clock.default({ text: '09:00', minutes: 540 }),
  }),
  overrides: z.array(z.strictObject({ user: z.string().min(1), from: instant, to: instant })).default([]),
});

const stepSchema = z.strictObject({
  after: duration('0m, 10m or 1h', { zero: true }),
  notify: z.array(name).default([]),
  mention: z.array(z.string().min(1)).default([]),
  urgent: z.enum(['app', 'sms', 'phone']).optional(),
  /** The name of an entry under `webhooks:` (its URL and secret sign the call). */
  webhook: name.optional(),
});

export const escalationSchema = z.strictObject({
  name,
  steps: z.array(stepSchema).min(1, 'expected at least one step'),
  repeat: z.number().int().min(0).max(10).default(0),
  /** Leave it out for no timeout: an ack then stops the escalation for good. */
  ackTimeout: duration('30m or 4h', { zero: false }).optional(),
});

export const WEBHOOK_EVENTS = [
  'alert.opened', 'alert.acknowledged', 'alert.assigned', 'alert.escalated', 'alert.snoozed', 'alert.resolved', 'alert.reopened',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookSchema = z.strictObject({
  name,
  url: httpUrl('https://hooks.example.com/gong'),
  secret: z.string().min(16, 'expected a signing secret of at least 16 characters'),
  /** Which state changes it hears; empty for a webhook that only escalation steps call. */
  events: z.array(z.enum(WEBHOOK_EVENTS)).default([]),
});

export const PUBLISH_KINDS = ['escalations', 'assignments', 'acknowledgements', 'resolutions', 'comments'] as const;
export type PublishKind = (typeof PUBLISH_KINDS)[number];

/** Per-chat settings every chat type accepts. */
export const chatExtras = {
  /** Which changes are also posted as messages in the group (cards always show the state). */
  publish: z.array(z.enum(PUBLISH_KINDS)).default(['escalations', 'assignments']),
  /** Times of day for the statistics message; a list, or the seeds' comma-separated string. */
  dailyStats: z
    .preprocess((value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value), z.array(clock))
    .default([]),
};

export type RouteConfig = z.output<typeof routeSchema>;
export type UserConfig = z.output<typeof userSchema>;
export type ScheduleConfig = z.output<typeof scheduleSchema>;
export type EscalationConfig = z.output<typeof escalationSchema>;
export type WebhookConfig = z.output<typeof webhookSchema>;
