import { formatDuration } from './duration.js';

export type AlertState = 'triggered' | 'acknowledged' | 'resolved';

export type Action =
  | { type: 'ack' }
  | { type: 'unack' }
  | { type: 'resolve'; note?: string }
  | { type: 'reopen' }
  | { type: 'assign'; user: string }
  | { type: 'snooze'; durationMs: number }
  | { type: 'unsnooze' }
  | { type: 'escalate' }
  | { type: 'comment'; text: string };

export type ActionType = Action['type'];
export const ACTION_TYPES: readonly ActionType[] = [
  'ack', 'unack', 'resolve', 'reopen', 'assign', 'snooze', 'unsnooze', 'escalate', 'comment',
];

/** The part of an alert the state machine reads and writes. */
export interface LifecycleState {
  state: AlertState;
  assignee: string | null;
  snoozedUntil: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
}

export interface TransitionContext {
  actor: string;
  now: Date;
  /** IANA zone used in human-readable refusals ("at 10:02"). */
  timeZone: string;
}

export type Transition =
  | { ok: true; next: LifecycleState; event: { type: string; details: Record<string, unknown> } }
  | { ok: false; reason: string };

/** Snoozing for longer than this is almost always a typo (`30d` for `30m`). */
export const MAX_SNOOZE_MS = 7 * 86_400_000;

/**
 * The alert state machine: pure, so every rule and refusal is tested without a database.
 * Refusals explain themselves to a person ("already resolved by alice at 10:02").
 */
export function transition(current: LifecycleState, action: Action, ctx: TransitionContext): Transition {
  const at = (date: Date | null) => (date ? ` at ${clock(date, ctx.timeZone)}` : '');
  const by = (who: string | null) => (who ? ` by ${who}` : '');
  const resolvedRefusal = (): Transition => ({
    ok: false,
    reason: `already resolved${by(current.resolvedBy)}${at(current.resolvedAt)}`,
  });
  const accept = (next: Partial<LifecycleState>, type: string, details: Record<string, unknown> = {}): Transition => ({
    ok: true,
    next: { ...current, ...next },
    event: { type, details },
  });

  switch (action.type) {
    case 'ack':
      if (current.state === 'resolved') return resolvedRefusal();
      if (current.state === 'acknowledged') {
        return { ok: false, reason: `already acknowledged${by(current.acknowledgedBy)}${at(current.acknowledgedAt)}` };
      }
      return accept({ state: 'acknowledged', acknowledgedAt: ctx.now, acknowledgedBy: ctx.actor }, 'acknowledged');
    case 'unack':
      if (current.state !== 'acknowledged') return { ok: false, reason: `not acknowledged (it is ${current.state})` };
      return accept({ state: 'triggered', acknowledgedAt: null, acknowledgedBy: null }, 'unacknowledged');
    case 'resolve':
      if (current.state === 'resolved') return resolvedRefusal();
      return accept(
        { state: 'resolved', resolvedAt: ctx.now, resolvedBy: ctx.actor, snoozedUntil: null },
        'resolved',
        action.note ? { note: action.note } : {},
      );
    case 'reopen':
      if (current.state !== 'resolved') return { ok: false, reason: `not resolved (it is ${current.state})` };
      return accept(
        { state: 'triggered', resolvedAt: null, resolvedBy: null, acknowledgedAt: null, acknowledgedBy: null },
        'reopened',
      );
    case 'assign': {
      if (current.state === 'resolved') return resolvedRefusal();
      const user = action.user.trim();
      if (!user) return { ok: false, reason: 'assign needs a person' };
      if (current.assignee === user) return { ok: false, reason: `already assigned to ${user}` };
      return accept({ assignee: user }, 'assigned', { assignee: user, previous: current.assignee });
    }
    case 'snooze': {
      if (current.state === 'resolved') return resolvedRefusal();
      if (!(action.durationMs > 0)) return { ok: false, reason: 'snooze needs a positive duration such as 30m, 2h or 1d' };
      if (action.durationMs > MAX_SNOOZE_MS) {
        return { ok: false, reason: `snooze is limited to ${formatDuration(MAX_SNOOZE_MS)}` };
      }
      const until = new Date(ctx.now.getTime() + action.durationMs);
      return accept({ snoozedUntil: until }, 'snoozed', { until: until.toISOString(), duration: formatDuration(action.durationMs) });
    }
    case 'unsnooze':
      if (!current.snoozedUntil || current.snoozedUntil <= ctx.now) return { ok: false, reason: 'not snoozed' };
      return accept({ snoozedUntil: null }, 'unsnoozed');
    case 'escalate':
      if (current.state === 'resolved') return resolvedRefusal();
      return accept({}, 'escalated', { manual: true });
    case 'comment': {
      const text = action.text.trim();
      if (!text) return { ok: false, reason: 'comment needs some text' };
      return accept({}, 'commented', { text });
    }
  }
}

function clock(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}
