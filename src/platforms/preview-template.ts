import { z } from 'zod';
import type { ChatConfig } from '../config/schema.js';
import { describeIssue } from '../shared/describe-issue.js';
import { sampleAlert } from '../templates/sample-alert.js';
import { TemplateError } from '../templates/template-error.js';
import type { ChannelKind } from '../cards/channel.js';
import { renderAll } from './check-templates.js';
import type { ViewOptions } from '../cards/alert-view.js';

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
  const { startsAt, snoozedUntil, ...fields } = parsed.data;
  const row = sampleAlert({
    ...fields,
    ...(startsAt && { startsAt: new Date(startsAt) }),
    ...(snoozedUntil !== undefined && { snoozedUntil: snoozedUntil === null ? null : new Date(snoozedUntil) }),
    ...(fields.state === 'acknowledged' && { acknowledgedAt: now }),
    ...(fields.state === 'resolved' && { resolvedAt: now }),
  });
  try {
    // Only what this chat's type receives: its alert messages, every notice and (apps) every reply.
    return { ok: true, chat: chat.name, type: chat.type, messages: renderAll(row, { ...look, now }, [chat.type]) };
  } catch (error) {
    if (error instanceof TemplateError) return { ok: false, status: 422, error: error.message };
    throw error;
  }
}
