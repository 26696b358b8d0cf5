import { type Command, parseCommand } from '../domain/command.js';
import type { Action } from '../domain/lifecycle.js';
import { onCallNow } from '../people/oncall-now.js';
import type { CommandInteraction, CommandReply } from '../platforms/transport.js';
import { composeReply, templatesOf } from '../templates/compose.js';
import type { ReplyBody } from '../templates/messages.js';
import { chatWords } from './chat-words.js';
import { fitReply } from './fit-reply.js';

/** Alerts of an incident `show` lists; the rest are a link to the console away. */
const SHOWN_ALERTS = 10;
/** The latest timeline events `show` tells. */
const SHOWN_EVENTS = 8;
import type { InteractionDeps } from './deps.js';

/**
 * A command written to the bot, answered in its group. Every input gets a reply: an unknown
 * command or incident id is answered with what to try instead. The reply is worded in the group's
 * own template set and language (a chat from the file or the API), else Gong's
 * (`templates/common/<set>/reply.<locale>.md`), and sent through the transport's `respond`.
 */
export async function handleCommand(deps: InteractionDeps, received: CommandInteraction): Promise<CommandReply> {
  const body = await commandAnswer(deps, received);
  const words = chatWords(deps.chats, undefined, { platform: received.platform, group: received.target.group });
  const templates = templatesOf(words.options);
  const reply = { ...fitReply(body, (fitting) => composeReply(fitting, words.options, words.kind), words.kind, templates), templates };
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
      return act(deps, message, command.incidentId, command.action);
    case 'assign-self':
      return act(deps, message, command.incidentId, { type: 'assign', user: message.actor.name });
    case 'show':
      return show(deps, command.id);
    case 'list':
      return list(deps, message, command.scope);
    case 'merge':
      return merge(deps, message, command.from, command.into);
    case 'split':
      return split(deps, message, command.incidentId, command.alert);
    case 'stats':
      return stats(deps, command.period);
    case 'oncall':
      return { kind: 'oncall', schedules: onCallNow(deps.config) };
  }
}

async function act(deps: InteractionDeps, message: CommandInteraction, incidentId: number, action: Action): Promise<ReplyBody> {
  const result = await deps.alerts.act({ alertId: incidentId, action, actor: message.actor, dedupeKey: `${message.actor.platform}:${message.dedupeKey}` });
  if (!result.ok && result.code === 'not_found') return { kind: 'notFound', incidentId, orAlert: false };
  if (!result.ok) return { kind: 'refused', alert: result.alert, refusal: result.refusal };
  return { kind: 'done', alert: result.alert, event: result.event };
}

/** The incident of that id; else, when an alert inside some incident has it, which incident that is. */
async function show(deps: InteractionDeps, id: number): Promise<ReplyBody> {
  const incident = await deps.alerts.get(id);
  if (!incident) {
    const holder = await deps.alerts.incidentOfAlert(id);
    return holder === undefined ? { kind: 'notFound', incidentId: id, orAlert: true } : { kind: 'alertIn', alertId: id, incidentId: holder };
  }
  const [members, timeline] = await Promise.all([deps.alerts.incidentAlerts(id, { limit: SHOWN_ALERTS }), deps.alerts.timeline(id)]);
  return {
    kind: 'show',
    alert: incident,
    alerts: members.alerts.map(({ id: alertId, status, title, labels }) => ({ id: alertId, status, title, labels })),
    total: members.total,
    firing: members.firing,
    link: `${deps.config.server.publicUrl}/console/incidents/${id}`,
    timeline: timeline.slice(-SHOWN_EVENTS).map(({ at, type, actor, platform, details }) => ({ at, type, actor, platform, details })),
  };
}

async function list(deps: InteractionDeps, message: CommandInteraction, scope: 'open' | 'mine' | 'all'): Promise<ReplyBody> {
  const page = await deps.alerts.list({
    state: scope === 'all' ? undefined : 'open',
    assignee: scope === 'mine' ? message.actor.name : undefined,
    limit: 10,
  });
  const incidents = page.alerts.map(({ id, title, severity, state, assignee, alertCount, firingCount, mergedInto }) => ({ id, title, severity, state, assignee, alertCount, firingCount, mergedInto }));
  return { kind: 'list', scope, incidents, more: Boolean(page.nextCursor) };
}

/**
 * Merge and split act on incidents as a resolve does: whoever may write to the bot, as the person
 * behind their account. A missing incident is named: the target if it is gone, else the other.
 */
async function merge(deps: InteractionDeps, message: CommandInteraction, from: number, into: number): Promise<ReplyBody> {
  const result = await deps.alerts.merge({ into, from, actor: message.actor });
  if (result.ok) return { kind: 'merged', incident: result.incident, other: result.other };
  if (result.code === 'refused') return { kind: 'cannotMerge', from, into, refusal: result.refusal };
  return { kind: 'notFound', incidentId: (await deps.alerts.get(into)) ? from : into, orAlert: false };
}

async function split(deps: InteractionDeps, message: CommandInteraction, incidentId: number, alert: number | string): Promise<ReplyBody> {
  const result = await deps.alerts.split({ incident: incidentId, alert, actor: message.actor });
  if (result.ok) return { kind: 'split', incident: result.incident, other: result.other };
  if (result.code === 'refused') return { kind: 'cannotSplit', incidentId, alert, refusal: result.refusal };
  return { kind: 'notFound', incidentId, orAlert: false };
}

async function stats(deps: InteractionDeps, period: 'today' | 'week'): Promise<ReplyBody> {
  const to = new Date();
  const from = new Date(to.getTime() - (period === 'today' ? 86_400_000 : 7 * 86_400_000));
  return { kind: 'stats', period, figures: await deps.alerts.stats(from, to) };
}
