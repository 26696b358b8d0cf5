import { type Command, parseCommand } from '../domain/command.js';
import type { Action } from '../domain/lifecycle.js';
import { onCallNow } from '../people/oncall-now.js';
import type { CommandInteraction, CommandReply } from '../platforms/transport.js';
import { composeReply, templatesOf } from '../templates/compose.js';
import type { ReplyBody } from '../templates/messages.js';
import { chatWords } from './chat-words.js';
import type { InteractionDeps } from './deps.js';

/**
 * A command written to the bot, answered in its group. Every input gets a reply: an unknown
 * command or alert id is answered with what to try instead. The reply is worded in the group's
 * own template set and language (a chat from the file or the API), else Gong's
 * (`templates/common/<set>/reply.<locale>.md`), and sent through the transport's `respond`.
 */
export async function handleCommand(deps: InteractionDeps, received: CommandInteraction): Promise<CommandReply> {
  const body = await commandAnswer(deps, received);
  const words = chatWords(deps.chats, undefined, { platform: received.platform, group: received.target.group });
  const reply = { ...composeReply(body, words.options, words.kind), templates: templatesOf(words.options) };
  await received.respond(reply);
  return reply;
}

/** What the command comes to, as values. */
async function commandAnswer(deps: InteractionDeps, received: CommandInteraction): Promise<ReplyBody> {
  const message = { ...received, actor: await deps.identify(received.actor) };
  const parsed = parseCommand(message.text);
  if (!parsed.ok) return 'usage' in parsed ? { kind: 'usage', usage: parsed.usage } : { kind: 'unknown', verb: parsed.unknown };
  return run(deps, message, await withMentionedAssignee(deps, message, parsed.command));
}

/**
 * `assign 42 @Li Lei` names the person by their display name; when the platform says whom the
 * @ points at, the assignee is the user behind that account of this app instead.
 */
async function withMentionedAssignee(deps: InteractionDeps, message: CommandInteraction, command: Command): Promise<Command> {
  const mentioned = message.mentions[0];
  if (command.kind !== 'action' || command.action.type !== 'assign' || !mentioned) return command;
  const assignee = await deps.identify(mentioned);
  return { ...command, action: { ...command.action, user: assignee.name } };
}

async function run(deps: InteractionDeps, message: CommandInteraction, command: Command): Promise<ReplyBody> {
  switch (command.kind) {
    case 'help':
      return { kind: 'help' };
    case 'action':
      return act(deps, message, command.alertId, command.action);
    case 'assign-self':
      return act(deps, message, command.alertId, { type: 'assign', user: message.actor.name });
    case 'show':
      return show(deps, command.alertId);
    case 'list':
      return list(deps, message, command.scope);
    case 'stats':
      return stats(deps, command.period);
    case 'oncall':
      return { kind: 'oncall', schedules: onCallNow(deps.config) };
  }
}

async function act(deps: InteractionDeps, message: CommandInteraction, alertId: number, action: Action): Promise<ReplyBody> {
  const result = await deps.alerts.act({
    alertId,
    action,
    actor: message.actor,
    dedupeKey: `${message.actor.platform}:${message.dedupeKey}`,
  });
  if (!result.ok && result.code === 'not_found') return { kind: 'notFound', alertId };
  if (!result.ok) return { kind: 'refused', alert: result.alert, refusal: result.refusal };
  return { kind: 'done', alert: result.alert, event: result.event };
}

async function show(deps: InteractionDeps, alertId: number): Promise<ReplyBody> {
  const alert = await deps.alerts.get(alertId);
  if (!alert) return { kind: 'notFound', alertId };
  const timeline = (await deps.alerts.timeline(alertId)).slice(-5);
  return { kind: 'show', alert, timeline: timeline.map((event) => ({ at: event.at, type: event.type, actor: event.actor, platform: event.platform })) };
}

async function list(deps: InteractionDeps, message: CommandInteraction, scope: 'open' | 'mine' | 'all'): Promise<ReplyBody> {
  const page = await deps.alerts.list({
    state: scope === 'all' ? undefined : 'open',
    assignee: scope === 'mine' ? message.actor.name : undefined,
    limit: 10,
  });
  const alerts = page.alerts.map(({ id, title, severity, state, assignee }) => ({ id, title, severity, state, assignee }));
  return { kind: 'list', scope, alerts, more: Boolean(page.nextCursor) };
}

async function stats(deps: InteractionDeps, period: 'today' | 'week'): Promise<ReplyBody> {
  const to = new Date();
  const from = new Date(to.getTime() - (period === 'today' ? 86_400_000 : 7 * 86_400_000));
  return { kind: 'stats', period, figures: await deps.alerts.stats(from, to) };
}
