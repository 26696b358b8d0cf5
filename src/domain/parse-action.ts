import { parseDuration } from './duration.js';
import type { Action } from './lifecycle.js';

export type ParsedAction = { ok: true; action: Action } | { ok: false; error: string };

/**
 * Builds an action from a name and loose arguments, as the API, the CLI and chat commands send
 * them; the error says what is missing in words a person can act on.
 */
export function parseAction(name: string, args: Record<string, unknown> = {}): ParsedAction {
  const text = (key: string) => (typeof args[key] === 'string' ? (args[key] as string).trim() : '');
  switch (name) {
    case 'ack':
    case 'unack':
    case 'reopen':
    case 'unsnooze':
    case 'escalate':
      return { ok: true, action: { type: name } };
    case 'resolve':
      return { ok: true, action: text('note') ? { type: 'resolve', note: text('note') } : { type: 'resolve' } };
    case 'assign':
      return text('user')
        ? { ok: true, action: { type: 'assign', user: text('user') } }
        : { ok: false, error: 'assign needs args.user (who takes the alert)' };
    case 'snooze': {
      const durationMs = parseDuration(text('duration'));
      return durationMs
        ? { ok: true, action: { type: 'snooze', durationMs } }
        : { ok: false, error: 'snooze needs args.duration such as 30m, 2h or 1d' };
    }
    case 'comment':
      return text('text')
        ? { ok: true, action: { type: 'comment', text: text('text') } }
        : { ok: false, error: 'comment needs args.text' };
    default:
      return {
        ok: false,
        error: `unknown action "${name}"; expected ack, unack, resolve, reopen, assign, snooze, unsnooze, escalate or comment`,
      };
  }
}
