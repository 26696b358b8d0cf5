import { alertStats } from '../alerts/stats.js';
import type { GongContext } from '../context.js';
import { type Command, parseCommand } from '../domain/command.js';
import type { Action } from '../domain/lifecycle.js';
import { onCallNow } from '../people/oncall-now.js';
import type { ReplyBody } from '../templates/messages.js';
import type { CommandMessage } from './interaction.js';
import { identifyActor } from './identify-actor.js';

/**
 * A command written to the bot. Every input gets a reply: an unknown command or alert id is
 * answered with what to try instead. The reply is values; each platform words it with the
 * chat's template set and language (`templates/common/<set>/reply.<locale>.md`).
 */
export async function handleCommand(gong: GongContext, received: CommandMessage): Promise<ReplyBody> {
  const message = { ...received, actor: await identifyActor(gong, received.actor) };
  const parsed = parseCommand(message.text);
  if (!parsed.ok) return 'usage' in parsed ? { kind: 'usage', usage: parsed.usage } : { kind: 'unknown', verb: parsed.unknown };
  return run(gong, message, await withMentionedAssignee(gong, message, parsed.command));
}

/**
 * `assign 42 @Li Lei` names the person by their display name; when the platform says whom the
 * @ points at, the assignee is the user behind that account of this app instead.
 */
async function withMentionedAssignee(gong: GongContext, message: CommandMessage, command: Command): Promise<Command> {
  const mentioned = message.mentions?.[0];
  if (command.kind !== 'action' || command.action.type !== 'assign' || !mentioned) return command;
  const assignee = await identifyActor(gong, mentioned);
  return { ...command, action: { ...command.action, user: assignee.name } };
}

async function run(gong: GongContext, message: CommandMessage, command: Command): Promise<ReplyBody> {
  switch (command.kind) {
    case 'help':
      return { kind: 'help' };
    case 'action':
      return act(gong, message, command.alertId, command.action);
    case 'assign-self':
      return act(gong, message, command.alertId, { type: 'assign', user: message.actor.name });
    case 'show':
      return show(gong, command.alertId);
    case 'list':
      return list(gong, message, command.scope);
    case 'stats':
      return stats(gong, command.period);
    case 'oncall':
      return { kind: 'oncall', schedules: onCallNow(gong.config) };
  }
}

async function act(gong: GongContext, message: CommandMessage, alertId: number, action: Action): Promise<ReplyBody> {
  const result = await gong.alerts.act({
    alertId,
    action,
    actor: message.actor,
    dedupeKey: `${message.actor.platform}:${message.dedupeKey}`,
  });
  if (!result.ok && result.code === 'not_found') return { kind: 'notFound', alertId };
  if (!result.ok) return { kind: 'refused', alert: result.alert, refusal: result.refusal };
  return { kind: 'done', alert: result.alert, event: result.event };
}

async function show(gong: GongContext, alertId: number): Promise<ReplyBody> {
  const alert = await gong.alerts.get(alertId);
  if (!alert) return { kind: 'notFound', alertId };
  const timeline = (await gong.alerts.timeline(alertId)).slice(-5);
  return { kind: 'show', alert, timeline: timeline.map((event) => ({ at: event.at, type: event.type, actor: event.actor, platform: event.platform })) };
}

async function list(gong: GongContext, message: CommandMessage, scope: 'open' | 'mine' | 'all'): Promise<ReplyBody> {
  const page = await gong.alerts.list({
    state: scope === 'all' ? undefined : 'open',
    assignee: scope === 'mine' ? message.actor.name : undefined,
    limit: 10,
  });
  const alerts = page.alerts.map(({ id, title, severity, state, assignee }) => ({ id, title, severity, state, assignee }));
  return { kind: 'list', scope, alerts, more: Boolean(page.nextCursor) };
}

async function stats(gong: GongContext, period: 'today' | 'week'): Promise<ReplyBody> {
  const to = new Date();
  const from = new Date(to.getTime() - (period === 'today' ? 86_400_000 : 7 * 86_400_000));
  return { kind: 'stats', period, figures: await alertStats(gong.database.db, from, to) };
}
