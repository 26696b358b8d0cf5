import { parseDuration } from './duration.js';
import type { Action } from './lifecycle.js';

/** Every id a command names is an incident's (`#42`), except the alert of `split`, an alert inside it. */
export type Command =
  | { kind: 'action'; incidentId: number; action: Action }
  /** `assign 42 me` is resolved to the sender by the handler, which knows who that is. */
  | { kind: 'assign-self'; incidentId: number }
  /** The incident; when there is none of that id, the incident holding the alert of that id. */
  | { kind: 'show'; id: number }
  | { kind: 'list'; scope: 'open' | 'mine' | 'all' }
  /** Moves every alert of `from` into `into` and closes `from` as merged. */
  | { kind: 'merge'; from: number; into: number }
  /** Moves one alert (its id inside incidents, or its fingerprint) out into a new incident. */
  | { kind: 'split'; incidentId: number; alert: number | string }
  | { kind: 'oncall' }
  | { kind: 'stats'; period: 'today' | 'week' }
  | { kind: 'help' };

/** A command that does not parse: its usage line, or the unknown verb; replies word them (`reply.md`). */
export type ParsedCommand = { ok: true; command: Command } | { ok: false; usage: string } | { ok: false; unknown: string };

/** Every command's usage line, in the order `help` lists them; `reply.md` words what each does. */
export const COMMAND_USAGE = {
  ack: 'ack <id>',
  unack: 'unack <id>',
  resolve: 'resolve <id> [note]',
  assign: 'assign <id> @someone|me',
  snooze: 'snooze <id> <30m|2h|1d>',
  escalate: 'escalate <id>',
  comment: 'comment <id> <text>',
  show: 'show <id>',
  list: 'list [open|mine|all]',
  merge: 'merge <id> into <id>',
  split: 'split <id> <alert>',
  oncall: 'oncall',
  stats: 'stats [today|week]',
  help: 'help',
} as const;

export type CommandVerb = keyof typeof COMMAND_USAGE;

/**
 * Parses what someone wrote to the bot (the @mention already removed): `ack 42`, `/resolve #42
 * fixed it`, `snooze 42 2h`, `merge 43 into 42`. A failure says what to show the writer, never silence.
 */
export function parseCommand(input: string): ParsedCommand {
  const words = input.trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
  const verb = (words[0] ?? 'help').toLowerCase();
  const rest = words.slice(1);
  const usage = (name: CommandVerb) => ({ ok: false as const, usage: COMMAND_USAGE[name] });
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
      return id ? { ok: true, command: { kind: 'show', id } } : usage('show');
    case 'merge': {
      // `merge 43 into 42`, or `merge 43 42` for those who skip the word.
      const targetWords = rest[1]?.toLowerCase() === 'into' ? rest.slice(2) : rest.slice(1);
      const into = targetWords.length === 1 ? parseId(targetWords[0]) : undefined;
      return id && into ? { ok: true, command: { kind: 'merge', from: id, into } } : usage('merge');
    }
    case 'split': {
      const alert = parseAlert(rest.slice(1).join(' '));
      return id && alert !== undefined ? { ok: true, command: { kind: 'split', incidentId: id, alert } } : usage('split');
    }
    case 'ack':
    case 'unack':
    case 'escalate':
      return id ? { ok: true, command: { kind: 'action', incidentId: id, action: { type: verb } } } : usage(verb);
    case 'resolve': {
      if (!id) return usage('resolve');
      const note = rest.slice(1).join(' ');
      return { ok: true, command: { kind: 'action', incidentId: id, action: note ? { type: 'resolve', note } : { type: 'resolve' } } };
    }
    case 'comment': {
      const text = rest.slice(1).join(' ');
      return id && text ? { ok: true, command: { kind: 'action', incidentId: id, action: { type: 'comment', text } } } : usage('comment');
    }
    case 'snooze': {
      const durationMs = parseDuration(rest[1] ?? '');
      return id && durationMs
        ? { ok: true, command: { kind: 'action', incidentId: id, action: { type: 'snooze', durationMs } } }
        : usage('snooze');
    }
    case 'assign': {
      const who = rest.slice(1).join(' ').replace(/^@/, '').trim();
      if (!id || !who) return usage('assign');
      if (who.toLowerCase() === 'me') return { ok: true, command: { kind: 'assign-self', incidentId: id } };
      return { ok: true, command: { kind: 'action', incidentId: id, action: { type: 'assign', user: who } } };
    }
    default:
      return { ok: false, unknown: verb };
  }
}

function parseId(word: string | undefined): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(word ?? '');
  return match ? Number(match[1]) : undefined;
}

/** An alert's id (as `show` lists them), else its fingerprint as the source sent it (up to 256 characters). */
function parseAlert(text: string): number | string | undefined {
  return parseId(text) ?? (text && text.length <= 256 ? text : undefined);
}
