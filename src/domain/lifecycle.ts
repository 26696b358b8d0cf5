import { formatDuration } from './duration.js';
import type { Escalation } from './escalation.js';

export type AlertState = 'triggered' | 'acknowledged' | 'resolved';

export type Action =
  | { type: 'ack' }
  | { type: 'unack' }
  | { type: 'resolve'; note?: string }
  | { type: 'reopen' }
  | { type: 'assign'; user: string }
  | { type: 'snooze'; durationMs: number }
  | { type: 'unsnooze' }
  /** Without `step`, someone escalates by hand; with it, a step of the alert's policy falls due. */
  | { type: 'escalate'; step?: DueStep }
  | { type: 'comment'; text: string }
  /** The snooze that ends at `until` has run out (Gong's own timer, never a person). */
  | { type: 'snoozeEnd'; until: Date };

/** An escalation step whose timer ran out, with who it mentions, resolved when it fell due. */
export interface DueStep {
  /** The timer's generation and index into the policy's steps (repeats included). */
  generation: number;
  index: number;
  /** As people read it: step `number` (from 1) of round `round` (from 0) of `policy`. */
  number: number;
  round: number;
  policy: string;
  mentions: string[];
  notify: string[];
}

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
  /** How far the alert's escalation has got: a due step is taken once, and only while it is next. */
  escalation: Pick<Escalation, 'generation' | 'next'> | null;
}

export interface TransitionContext {
  actor: string;
  now: Date;
}

/**
 * Why an action was refused, as a code and the values a sentence needs: each chat words it in
 * its own language (`templates/common/<set>/refusal.<locale>.txt`), the REST API in English.
 */
export type Refusal =
  | { code: 'alreadyResolved'; by: string | null; at: Date | null }
  | { code: 'alreadyAcknowledged'; by: string | null; at: Date | null }
  | { code: 'notAcknowledged'; state: AlertState }
  | { code: 'notResolved'; state: AlertState }
  | { code: 'needsAssignee' }
  | { code: 'alreadyAssigned'; user: string }
  | { code: 'needsDuration' }
  | { code: 'snoozeTooLong'; maxMs: number }
  | { code: 'notSnoozed' }
  | { code: 'needsText' }
  /** A redelivered action whose first answer was not kept. */
  | { code: 'alreadyHandled' }
  /** Merging an incident into itself. */
  | { code: 'sameIncident' }
  /** The incident was merged into `into`: act there. */
  | { code: 'mergedAway'; into: number }
  /** Splitting out an alert the incident does not hold. */
  | { code: 'notInIncident'; alert: string }
  /** Splitting out an incident's only alert would leave it empty. */
  | { code: 'lastAlert' };

export type RefusalCode = Refusal['code'];

/** The alert's own columns among them: the escalation's progress is the follow-ups' to write. */
export type LifecycleChanges = Partial<Omit<LifecycleState, 'escalation'>>;

export type Transition =
  /** `changes`: the columns the transition sets, and nothing else. */
  | { ok: true; next: LifecycleState; changes: LifecycleChanges; event: { type: string; details: Record<string, unknown> } }
  | { ok: false; refusal: Refusal };

/** Snoozing for longer than this is almost always a typo (`30d` for `30m`). */
export const MAX_SNOOZE_MS = 7 * 86_400_000;

/**
 * The alert state machine: pure, so every rule and refusal is tested without a database.
 * A refusal carries what a person needs to hear (who resolved it, and when), not the words.
 */
export function transition(current: LifecycleState, action: Action, ctx: TransitionContext): Transition {
  const refuse = (refusal: Refusal): Transition => ({ ok: false, refusal });
  const resolvedRefusal = () => refuse({ code: 'alreadyResolved', by: current.resolvedBy, at: current.resolvedAt });
  const accept = (next: LifecycleChanges, type: string, details: Record<string, unknown> = {}): Transition => ({
    ok: true,
    next: { ...current, ...next },
    changes: next,
    event: { type, details },
  });

  switch (action.type) {
    case 'ack':
      if (current.state === 'resolved') return resolvedRefusal();
      if (current.state === 'acknowledged') {
        return refuse({ code: 'alreadyAcknowledged', by: current.acknowledgedBy, at: current.acknowledgedAt });
      }
      return accept({ state: 'acknowledged', acknowledgedAt: ctx.now, acknowledgedBy: ctx.actor }, 'acknowledged');
    case 'unack':
      if (current.state !== 'acknowledged') return refuse({ code: 'notAcknowledged', state: current.state });
      return accept({ state: 'triggered', acknowledgedAt: null, acknowledgedBy: null }, 'unacknowledged');
    case 'resolve':
      if (current.state === 'resolved') return resolvedRefusal();
      return accept(
        { state: 'resolved', resolvedAt: ctx.now, resolvedBy: ctx.actor, snoozedUntil: null },
        'resolved',
        action.note ? { note: action.note } : {},
      );
    case 'reopen':
      if (current.state !== 'resolved') return refuse({ code: 'notResolved', state: current.state });
      return accept(
        { state: 'triggered', resolvedAt: null, resolvedBy: null, acknowledgedAt: null, acknowledgedBy: null },
        'reopened',
      );
    case 'assign': {
      if (current.state === 'resolved') return resolvedRefusal();
      const user = action.user.trim();
      if (!user) return refuse({ code: 'needsAssignee' });
      if (current.assignee === user) return refuse({ code: 'alreadyAssigned', user });
      return accept({ assignee: user }, 'assigned', { assignee: user, previous: current.assignee });
    }
    case 'snooze': {
      if (current.state === 'resolved') return resolvedRefusal();
      if (!(action.durationMs > 0)) return refuse({ code: 'needsDuration' });
      if (action.durationMs > MAX_SNOOZE_MS) return refuse({ code: 'snoozeTooLong', maxMs: MAX_SNOOZE_MS });
      const until = new Date(ctx.now.getTime() + action.durationMs);
      return accept({ snoozedUntil: until }, 'snoozed', { until: until.toISOString(), duration: formatDuration(action.durationMs) });
    }
    case 'unsnooze':
      if (!current.snoozedUntil || current.snoozedUntil <= ctx.now) return refuse({ code: 'notSnoozed' });
      return accept({ snoozedUntil: null }, 'unsnoozed');
    case 'escalate': {
      if (current.state === 'resolved') return resolvedRefusal();
      const step = action.step;
      if (!step) return accept({}, 'escalated', { manual: true });
      // Someone is on it: an acknowledgement stops the escalation (its timeout resumes it).
      if (current.state === 'acknowledged') {
        return refuse({ code: 'alreadyAcknowledged', by: current.acknowledgedBy, at: current.acknowledgedAt });
      }
      // A change since the timer was set (snooze, unack, reopen…) set its own; this one is spent.
      if (current.escalation?.generation !== step.generation || current.escalation.next !== step.index) return refuse({ code: 'alreadyHandled' });
      return accept({}, 'escalated', { step: step.number, round: step.round, policy: step.policy, mentions: step.mentions, notify: step.notify });
    }
    case 'comment': {
      const text = action.text.trim();
      if (!text) return refuse({ code: 'needsText' });
      return accept({}, 'commented', { text });
    }
    case 'snoozeEnd':
      // Lifted, resolved or snoozed again since: that change took care of the cards.
      if (current.snoozedUntil?.getTime() !== action.until.getTime() || action.until > ctx.now) return refuse({ code: 'notSnoozed' });
      return accept({ snoozedUntil: null }, 'snooze-ended', { until: action.until.toISOString() });
  }
}

