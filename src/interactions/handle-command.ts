import { alertStats } from '../alerts/stats.js';
import type { GongContext } from '../context.js';
import { type Command, COMMAND_USAGE, parseCommand } from '../domain/command.js';
import type { Action } from '../domain/lifecycle.js';
import { formatTime } from '../platforms/alert-view.js';
import { escapeMarkdown as md } from '../platforms/markdown.js';
import { statsMarkdown } from '../platforms/stats-text.js';
import { onCallNow } from '../people/oncall-now.js';
import type { CommandMessage } from './interaction.js';
import { identifyActor } from './identify-actor.js';

/**
 * A command written to the bot, answered in Markdown both platforms render. Every input gets a
 * reply: an unknown command or alert id is answered with what to try instead.
 */
export async function handleCommand(gong: GongContext, received: CommandMessage): Promise<string> {
  const message = { ...received, actor: await identifyActor(gong, received.actor) };
  const parsed = parseCommand(message.text);
  if (!parsed.ok) return parsed.error;
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

async function run(gong: GongContext, message: CommandMessage, command: Command): Promise<string> {
  switch (command.kind) {
    case 'help':
      return ['**Gong commands** (mention me first):', ...COMMAND_USAGE.map((usage) => `- \`${usage}\``)].join('\n');
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
      return oncall(gong);
  }
}

async function act(gong: GongContext, message: CommandMessage, alertId: number, action: Action): Promise<string> {
  const result = await gong.alerts.act({
    alertId,
    action,
    actor: message.actor,
    dedupeKey: `${message.actor.platform}:${message.dedupeKey}`,
  });
  if (!result.ok && result.code === 'not_found') return `There is no alert #${alertId}. Send \`list\` to see the open alerts.`;
  if (!result.ok) return `#${alertId} ${md(result.alert.title)}: ${md(result.reason)}.`;
  const view = gong.views(result.alert);
  const extra = view.assignee && action.type === 'assign' ? ` → ${md(view.assignee)}` : view.snoozedUntil && action.type === 'snooze' ? ` → ${view.snoozedUntil}` : '';
  return `#${alertId} ${md(result.alert.title)}: ${result.event}${extra} (${md(view.statusLine)}).`;
}

async function show(gong: GongContext, alertId: number): Promise<string> {
  const alert = await gong.alerts.get(alertId);
  if (!alert) return `There is no alert #${alertId}. Send \`list\` to see the open alerts.`;
  const view = gong.views(alert);
  const timeline = (await gong.alerts.timeline(alertId)).slice(-5);
  return [
    `${view.severityEmoji} **#${view.id} ${md(view.title)}** — ${md(view.statusLine)}`,
    view.summary ? md(view.summary) : '',
    `${md(view.source)} · ${view.startedAt} · ${view.duration}${view.assignee ? ` · ${md(view.assignee)}` : ''}`,
    ...view.labels.map(([key, value]) => `- ${md(key)}: ${md(value)}`),
    ...timeline.map((event) => `- ${formatTime(event.at, gong.config.timezone).slice(11)} ${event.type} by ${md(event.actor)} (${event.platform})`),
  ]
    .filter(Boolean)
    .join('\n');
}

async function list(gong: GongContext, message: CommandMessage, scope: 'open' | 'mine' | 'all'): Promise<string> {
  const page = await gong.alerts.list({
    state: scope === 'all' ? undefined : 'open',
    assignee: scope === 'mine' ? message.actor.name : undefined,
    limit: 10,
  });
  if (page.alerts.length === 0) return scope === 'mine' ? 'Nothing is assigned to you.' : 'No open alerts. 🎉';
  const lines = page.alerts.map((alert) => {
    const view = gong.views(alert);
    return `- ${view.severityEmoji} #${alert.id} ${md(alert.title)} — ${view.stateText}${alert.assignee ? ` (${md(alert.assignee)})` : ''}`;
  });
  return [`**${scope === 'all' ? 'Latest' : scope === 'mine' ? 'Yours' : 'Open'} alerts**`, ...lines, page.nextCursor ? '…' : ''].filter(Boolean).join('\n');
}

function oncall(gong: GongContext): string {
  const schedules = onCallNow(gong.config);
  if (schedules.length === 0) return 'No on-call schedules are configured yet (`schedules:` in the Gong configuration).';
  const when = (iso: string) => formatTime(new Date(iso), gong.config.timezone);
  return [
    '**On call**',
    ...schedules.map(({ schedule, now, next }) =>
      `- ${md(schedule)}: ${now ? `**${md(now.user)}**${now.override ? ' (override)' : ''} until ${when(now.to)}` : 'nobody'}${next ? `, then ${md(next.user)}` : ''}`,
    ),
  ].join('\n');
}

async function stats(gong: GongContext, period: 'today' | 'week'): Promise<string> {
  const to = new Date();
  const from = new Date(to.getTime() - (period === 'today' ? 86_400_000 : 7 * 86_400_000));
  return statsMarkdown(`Alerts, last ${period === 'today' ? '24 hours' : '7 days'}`, await alertStats(gong.database.db, from, to));
}
