import { z } from 'zod';
import type { AlertRow } from '../db/alert-json.js';
import type { ChatConfig } from '../config/schema.js';
import { describeIssue } from '../shared/describe-issue.js';
import { SAMPLE_PUBLIC_URL, sampleAlert } from '../templates/sample-alert.js';
import { TemplateError } from '../templates/template-error.js';
import type { ChannelKind } from '../cards/channel.js';
import { renderAll } from './check-templates.js';
import { CARD_ALERTS, type IncidentAlert, type IncidentAlerts, type ViewOptions } from '../cards/alert-view.js';

/** The alert fields a preview may set, as the API shows alerts; the rest come from the sample alert. */
const previewAlert = z.strictObject({
  title: z.string().min(1).optional(),
  severity: z.enum(['critical', 'warning', 'info']).optional(),
  state: z.enum(['triggered', 'acknowledged', 'resolved']).optional(),
  source: z.string().min(1).optional(),
  description: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  assignee: z.string().nullable().optional(),
  count: z.number().int().positive().optional(),
  acknowledgedBy: z.string().nullable().optional(),
  resolvedBy: z.string().nullable().optional(),
  startsAt: z.iso.datetime({ offset: true }).optional(),
  snoozedUntil: z.iso.datetime({ offset: true }).nullable().optional(),
  /** The alerts of an incident of several: its card lists them. */
  alerts: z
    .array(
      z.strictObject({
        title: z.string().min(1).optional(),
        severity: z.enum(['critical', 'warning', 'info']).optional(),
        status: z.enum(['firing', 'resolved']).optional(),
        labels: z.record(z.string(), z.string()).optional(),
      }),
    )
    .min(2)
    .max(500)
    .optional(),
});

export type Preview =
  | { ok: true; chat: string; type: ChannelKind; messages: Record<string, unknown> }
  | { ok: false; status: 400 | 404 | 422; error: string };

/**
 * What a chat would receive for an alert: the same renderers and templates as the real thing, in
 * the chat's look (`found`: the chat and its look, undefined when there is no such chat).
 */
export function previewForChat(found: { chat: ChatConfig; look: ViewOptions } | undefined, chatName: string, alert: unknown, now = new Date()): Preview {
  if (!found) return { ok: false, status: 404, error: `there is no chat named "${chatName}"` };
  const parsed = previewAlert.safeParse(alert ?? {});
  if (!parsed.success) return { ok: false, status: 400, error: `alert.${describeIssue(parsed.error.issues[0])}` };
  const { chat, look } = found;
  const { startsAt, snoozedUntil, alerts, ...fields } = parsed.data;
  const sample = sampleAlert({
    ...fields,
    ...(startsAt && { startsAt: new Date(startsAt) }),
    ...(snoozedUntil !== undefined && { snoozedUntil: snoozedUntil === null ? null : new Date(snoozedUntil) }),
    ...(fields.state === 'acknowledged' && { acknowledgedAt: now }),
    ...(fields.state === 'resolved' && { resolvedAt: now }),
  });
  const { row, incident } = alerts ? asIncident(sample, alerts) : { row: sample, incident: undefined };
  try {
    // Only what this chat's type receives: its alert messages, every notice and (apps) every reply.
    return { ok: true, chat: chat.name, type: chat.type, messages: renderAll(row, { ...look, now }, [chat.type], incident) };
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, status: 422, error: error.message };
    throw error;
  }
}

/** The preview's alert as an incident of the given alerts, as the card job would load it. */
function asIncident(sample: AlertRow, given: NonNullable<z.output<typeof previewAlert>['alerts']>): { row: AlertRow; incident: IncidentAlerts } {
  const members: IncidentAlert[] = given.map((alert, i) => ({
    id: i + 1,
    status: alert.status ?? 'firing',
    title: alert.title ?? sample.title,
    severity: alert.severity ?? sample.severity,
    labels: alert.labels ?? {},
  }));
  const [first, ...rest] = members.map((member) => member.labels);
  const commonLabels = Object.fromEntries(Object.entries(first!).filter(([key, value]) => rest.every((labels) => labels[key] === value)));
  const firing = members.filter((member) => member.status === 'firing');
  const row = { ...sample, labels: first!, commonLabels, alertCount: members.length, firingCount: firing.length };
  const listed = [...firing, ...members.filter((member) => member.status === 'resolved')].slice(0, CARD_ALERTS);
  return { row, incident: { alerts: listed, publicUrl: SAMPLE_PUBLIC_URL } };
}
