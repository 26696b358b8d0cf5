/** One step of a policy (config `escalations[].steps[]`), durations in ms. */
export interface EscalationStep {
  /** Time since the alert started waiting for an acknowledgement. */
  afterMs: number;
  notify: string[];
  /** User names and `schedule:<name>` references, resolved when the step fires. */
  mention: string[];
  urgent?: 'app' | 'sms' | 'phone';
  /** The name of a configured outbound webhook. */
  webhook?: string;
}

export interface EscalationPolicy {
  name: string;
  steps: EscalationStep[];
  /** How many more times the steps run after the first pass. */
  repeat: number;
  ackTimeoutMs: number | null;
}

/**
 * The escalation stored on an alert: a snapshot of its policy taken when the alert opened (so
 * editing the configuration never breaks a running escalation) and how far it has got.
 */
export interface Escalation {
  policy: EscalationPolicy;
  /** The chats that hear each step: the routed ones plus every step's `notify` so far. */
  chats: string[];
  /** Bumped by every change that makes pending timers stale; a timer of an older generation does nothing. */
  generation: number;
  /** Step k is due at anchor + offset(k). */
  anchorAt: string;
  /** The next step to fire, counted across repeats; null when the policy is exhausted. */
  next: number | null;
  last: { index: number; at: string; mentions: string[] } | null;
}

/** A timer to set: a step of the policy, or the return of an acknowledged alert to triggered. */
export type EscalationTimer =
  | { kind: 'step'; at: Date; generation: number; index: number }
  | { kind: 'ack-timeout'; at: Date; generation: number };

export interface Planned {
  escalation: Escalation;
  timer: EscalationTimer | null;
}

/** The alert changes the escalation reacts to (timeline event types). */
export type EscalationEvent = 'acknowledged' | 'unacknowledged' | 'resolved' | 'reopened' | 'snoozed' | 'unsnoozed' | 'escalated';

/** The shortest pause before the steps repeat, so a policy of `0m` steps cannot spin. */
const MIN_REPEAT_GAP_MS = 60_000;

export function startEscalation(policy: EscalationPolicy, chats: string[], now: Date): Planned {
  const escalation: Escalation = { policy, chats, generation: 1, anchorAt: now.toISOString(), next: total(policy) > 0 ? 0 : null, last: null };
  return { escalation, timer: stepTimer(escalation) };
}

/**
 * How a state change moves the escalation: an ack stops it (and arms the ack timeout), a snooze
 * postpones it to the snooze's end, an unack or unsnooze resumes it where it stopped, a reopen
 * starts it over, a resolve ends it, and a manual escalate fires the next step at once.
 */
export function reactTo(current: Escalation, event: EscalationEvent, now: Date, snoozedUntil: Date | null): Planned {
  const bumped = { ...current, generation: current.generation + 1 };
  switch (event) {
    case 'acknowledged': {
      const timeout = current.policy.ackTimeoutMs;
      const timer = timeout ? { kind: 'ack-timeout' as const, at: new Date(now.getTime() + timeout), generation: bumped.generation } : null;
      return { escalation: bumped, timer };
    }
    case 'resolved':
      return { escalation: bumped, timer: null };
    case 'reopened': {
      const restarted = { ...bumped, anchorAt: now.toISOString(), next: total(current.policy) > 0 ? 0 : null, last: null };
      return { escalation: restarted, timer: stepTimer(restarted) };
    }
    case 'snoozed':
      return resumeFrom(bumped, snoozedUntil ?? now);
    case 'unacknowledged':
    case 'unsnoozed':
      return resumeFrom(bumped, now);
    case 'escalated': {
      if (bumped.next === null) return { escalation: bumped, timer: null };
      const moved = { ...bumped, anchorAt: new Date(now.getTime() - offsetOf(current.policy, bumped.next)).toISOString() };
      return { escalation: moved, timer: stepTimer(moved) };
    }
  }
}

/** Records that step `index` fired at `now` and plans the one after it. */
export function fireStep(current: Escalation, index: number, now: Date, mentions: string[], notify: string[]): Planned {
  const next = index + 1 < total(current.policy) ? index + 1 : null;
  const chats = [...new Set([...current.chats, ...notify])];
  const escalation = { ...current, chats, next, last: { index, at: now.toISOString(), mentions } };
  return { escalation, timer: stepTimer(escalation) };
}

/** Step `index` of the flattened sequence (repeats included), with its round. */
export function stepOf(policy: EscalationPolicy, index: number): { step: EscalationStep; number: number; round: number } {
  const n = policy.steps.length;
  return { step: policy.steps[index % n]!, number: (index % n) + 1, round: Math.floor(index / n) };
}

/** When the step after the last fired one would have followed it, counted from `from`. */
function resumeFrom(current: Escalation, from: Date): Planned {
  const base = current.last ? offsetOf(current.policy, current.last.index) : 0;
  const resumed = { ...current, anchorAt: new Date(from.getTime() - base).toISOString() };
  return { escalation: resumed, timer: stepTimer(resumed) };
}

function stepTimer(escalation: Escalation): EscalationTimer | null {
  if (escalation.next === null) return null;
  const at = new Date(Date.parse(escalation.anchorAt) + offsetOf(escalation.policy, escalation.next));
  return { kind: 'step', at, generation: escalation.generation, index: escalation.next };
}

function total(policy: EscalationPolicy): number {
  return policy.steps.length * (policy.repeat + 1);
}

/**
 * Step k's delay from the anchor. A repeat starts over from the first step, as long after the
 * last step as the last two steps are apart (or the only step's own delay), at least a minute.
 */
export function offsetOf(policy: EscalationPolicy, index: number): number {
  const { step, round } = stepOf(policy, index);
  const afters = policy.steps.map((s) => s.afterMs);
  const last = afters.at(-1)!;
  const gap = afters.length > 1 ? last - afters.at(-2)! : last;
  return round * (last + Math.max(gap, MIN_REPEAT_GAP_MS)) + step.afterMs;
}
