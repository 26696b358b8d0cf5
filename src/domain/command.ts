import { parseDuration } from './duration.js';
import type { Action } from './lifecycle.js';

export type Command =
  | { kind: 'action'; alertId: number; action: Action }
  /** `assign 42 me` is resolved to the sender by the handler, which knows who that is. */
  | { kind: 'assign-self'; alertId: number }
  | { kind: 'show'; alertId: number }
  | { kind: 'list'; scope: 'open' | 'mine' | 'all' }
  | { kind: 'oncall' }
  | { kind: 'stats'; period: 'today' | 'week' }
  | { kind: 'help' };

/** A command that does not parse: its usage line, or the unknown verb; replies word them (`reply.md`). */
export type ParsedCommand = { ok: true; command: Command } | { ok: false; usage: string } | { ok: false; unknown: string };

const USAGE: Record<string, string> = {
  ack: 'ack <id>',
  unack: 'unack <id>',
  resolve: 'resolve <id> [note]',
  assign: 'assign <id> @someone|me',
  snooze: 'snooze <id> <30m|2h|1d>',
  escalate: 'escalate <id>',
  comment: 'comment <id> <text>',
  show: 'show <id>',
  list: 'list [open|mine|all]',
  oncall: 'oncall',
  stats: 'stats [today|week]',
  help: 'help',
};

export const COMMAND_USAGE: readonly string[] = Object.values(USAGE);

/**
 * Parses what someone wrote to the bot (the @mention already removed): `ack 42`, `/resolve #42
 * fixed it`, `snooze 42 2h`. A failure says what to show the writer, never silence.
 */
export function parseCommand(input: string): ParsedCommand {
  const words = input.trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? 'help').toLowerCase();
  const rest = words.slice(1);
  const usage = (name: string) => ({ ok: false as const, usage: USAGE[name]! });
  const id = parseId(rest[0]);

  switch (verb) {
    case 'help':
      return { ok: true, command: { kind: 'help' } };
    case 'oncall':
      return { ok: true, command: { kind: 'oncall' } };
    case 'list': {
      const scope = (rest[0] ?? 'open').toLowerCase();
      if (scope !== 'open' && scope !== 'mine' && scope !== 'all') return usage('list');
      return { ok: true, command: { kind: 'list', scope } };
    }
    case 'stats': {
      const period = (rest[0] ?? 'today').toLowerCase();
      if (period !== 'today' && period !== 'week') return usage('stats');
      return { ok: true, command: { kind: 'stats', period } };
    }
    case 'show':
      return id ? { ok: true, command: { kind: 'show', alertId: id } } : usage('show');
    case 'ack':
    case 'unack':
    case 'escalate':
      return id ? { ok: true, command: { kind: 'action', alertId: id, action: { type: verb } } } : usage(verb);
    case 'resolve': {
      if (!id) return usage('resolve');
      const note = rest.slice(1).join(' ');
      return { ok: true, command: { kind: 'action', alertId: id, action: note ? { type: 'resolve', note } : { type: 'resolve' } } };
    }
    case 'comment': {
      const text = rest.slice(1).join(' ');
      return id && text ? { ok: true, command: { kind: 'action', alertId: id, action: { type: 'comment', text } } } : usage('comment');
    }
    case 'snooze': {
      const durationMs = parseDuration(rest[1] ?? '');
      return id && durationMs
        ? { ok: true, command: { kind: 'action', alertId: id, action: { type: 'snooze', durationMs } } }
        : usage('snooze');
    }
    case 'assign': {
      const who = rest.slice(1).join(' ').replace(/^@/, '').trim();
      if (!id || !who) return usage('assign');
      if (who.toLowerCase() === 'me') return { ok: true, command: { kind: 'assign-self', alertId: id } };
      return { ok: true, command: { kind: 'action', alertId: id, action: { type: 'assign', user: who } } };
    }
    default:
      return { ok: false, unknown: verb };
  }
}

function parseId(word: string | undefined): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(word ?? '');
  return match ? Number(match[1]) : undefined;
}
