import { describe, expect, it } from 'vitest';
import { type EscalationPolicy, fireStep, offsetOf, reactTo, startEscalation, stepOf } from '../../../src/domain/escalation.js';

const MIN = 60_000;
const policy: EscalationPolicy = {
  name: 'ops',
  steps: [
    { afterMs: 0, notify: [], mention: ['alice'] },
    { afterMs: 10 * MIN, notify: ['managers'], mention: ['bob'], urgent: 'app' },
  ],
  repeat: 1,
  ackTimeoutMs: 60 * MIN,
};
const t0 = new Date('2026-03-02T01:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);

describe('escalation plan', () => {
  it('starts at step 1 and walks through steps and repeats', () => {
    const start = startEscalation(policy, ['ops'], t0);
    expect(start.timer).toEqual({ kind: 'step', at: t0, generation: 1, index: 0 });
    const one = fireStep(start.escalation, 0, t0, ['alice'], []);
    expect(one.timer).toEqual({ kind: 'step', at: at(10), generation: 1, index: 1 });
    const two = fireStep(one.escalation, 1, at(10), ['bob'], ['managers']);
    expect(two.escalation.chats).toEqual(['ops', 'managers']);
    // The repeat starts as long after the last step as the last two steps are apart.
    expect(two.timer).toEqual({ kind: 'step', at: at(20), generation: 1, index: 2 });
    expect(stepOf(policy, 3)).toMatchObject({ number: 2, round: 1 });
    expect(offsetOf(policy, 3)).toBe(30 * MIN);
    const last = fireStep(fireStep(two.escalation, 2, at(20), [], []).escalation, 3, at(30), [], []);
    expect(last).toMatchObject({ escalation: { next: null }, timer: null });
  });

  it('stops on ack (arming the ack timeout) and resumes on unack where it stopped', () => {
    const one = fireStep(startEscalation(policy, ['ops'], t0).escalation, 0, t0, ['alice'], []);
    const acked = reactTo(one.escalation, 'acknowledged', at(3), null);
    expect(acked.escalation.generation).toBe(2);
    expect(acked.timer).toEqual({ kind: 'ack-timeout', at: at(63), generation: 2 });
    const resumed = reactTo(acked.escalation, 'unacknowledged', at(63), null);
    // Step 2 follows step 1 after ten minutes, counted from the resumption.
    expect(resumed.timer).toEqual({ kind: 'step', at: at(73), generation: 3, index: 1 });
  });

  it('postpones to the end of a snooze, restarts on reopen, ends on resolve, fires now on escalate', () => {
    const start = startEscalation(policy, ['ops'], t0).escalation;
    const snoozed = reactTo(start, 'snoozed', at(1), at(31));
    expect(snoozed.timer).toEqual({ kind: 'step', at: at(31), generation: 2, index: 0 });
    expect(reactTo(start, 'resolved', at(2), null).timer).toBeNull();
    const fired = fireStep(start, 0, t0, [], []).escalation;
    const reopened = reactTo(fired, 'reopened', at(50), null);
    expect(reopened).toMatchObject({ escalation: { next: 0, last: null }, timer: { at: at(50), index: 0 } });
    expect(reactTo(fired, 'escalated', at(4), null).timer).toEqual({ kind: 'step', at: at(4), generation: 2, index: 1 });
  });

  it('has no ack timer without ackTimeout and never spins on 0m steps', () => {
    const quick: EscalationPolicy = { name: 'q', steps: [{ afterMs: 0, notify: [], mention: [] }], repeat: 2, ackTimeoutMs: null };
    expect(reactTo(startEscalation(quick, [], t0).escalation, 'acknowledged', t0, null).timer).toBeNull();
    expect([0, 1, 2].map((k) => offsetOf(quick, k))).toEqual([0, MIN, 2 * MIN]);
  });
});
