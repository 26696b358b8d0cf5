import { describe, expect, it } from 'vitest';
import { type Action, type LifecycleState, MAX_SNOOZE_MS, transition } from '../../../src/domain/lifecycle.js';

const now = new Date('2026-03-01T02:02:00Z'); // 10:02 in Asia/Shanghai
const ctx = { actor: 'alice', now, timeZone: 'Asia/Shanghai' };
const triggered: LifecycleState = {
  state: 'triggered', assignee: null, snoozedUntil: null,
  acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null,
};
const acknowledged: LifecycleState = { ...triggered, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: 'bob' };
const resolved: LifecycleState = { ...triggered, state: 'resolved', resolvedAt: now, resolvedBy: 'carol' };

function accepted(state: LifecycleState, action: Action) {
  const result = transition(state, action, ctx);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result;
}
function refusal(state: LifecycleState, action: Action) {
  const result = transition(state, action, ctx);
  if (result.ok) throw new Error('accepted');
  return result.reason;
}

describe('transition', () => {
  it('acknowledges a triggered alert, recording who and when', () => {
    const { next, event } = accepted(triggered, { type: 'ack' });
    expect(next).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice', acknowledgedAt: now });
    expect(event.type).toBe('acknowledged');
  });
  it('refuses a second ack naming the first person and time', () => {
    expect(refusal(acknowledged, { type: 'ack' })).toBe('already acknowledged by bob at 10:02');
  });
  it('refuses every change to a resolved alert but reopen and comment', () => {
    for (const action of [{ type: 'ack' }, { type: 'resolve' }, { type: 'assign', user: 'x' }, { type: 'snooze', durationMs: 60_000 }, { type: 'escalate' }] as Action[]) {
      expect(refusal(resolved, action)).toBe('already resolved by carol at 10:02');
    }
    expect(accepted(resolved, { type: 'comment', text: 'postmortem tomorrow' }).event.details).toEqual({ text: 'postmortem tomorrow' });
  });
  it('unacks only an acknowledged alert', () => {
    expect(accepted(acknowledged, { type: 'unack' }).next).toMatchObject({ state: 'triggered', acknowledgedBy: null });
    expect(refusal(triggered, { type: 'unack' })).toBe('not acknowledged (it is triggered)');
  });
  it('resolves from triggered or acknowledged, clearing a snooze and keeping a note', () => {
    const snoozed = { ...acknowledged, snoozedUntil: new Date(now.getTime() + 60_000) };
    const { next, event } = accepted(snoozed, { type: 'resolve', note: 'restarted' });
    expect(next).toMatchObject({ state: 'resolved', resolvedBy: 'alice', snoozedUntil: null });
    expect(event.details).toEqual({ note: 'restarted' });
    expect(accepted(triggered, { type: 'resolve' }).next.state).toBe('resolved');
  });
  it('reopens only a resolved alert, clearing ack and resolve fields', () => {
    expect(accepted(resolved, { type: 'reopen' }).next).toMatchObject({ state: 'triggered', resolvedAt: null, resolvedBy: null, acknowledgedBy: null });
    expect(refusal(acknowledged, { type: 'reopen' })).toBe('not resolved (it is acknowledged)');
  });
  it('assigns, refusing the same person twice and an empty name', () => {
    const { next, event } = accepted(triggered, { type: 'assign', user: 'dave' });
    expect(next.assignee).toBe('dave');
    expect(event.details).toEqual({ assignee: 'dave', previous: null });
    expect(refusal(next, { type: 'assign', user: 'dave' })).toBe('already assigned to dave');
    expect(refusal(triggered, { type: 'assign', user: '  ' })).toBe('assign needs a person');
  });
  it('snoozes for a bounded positive duration and unsnoozes', () => {
    const { next } = accepted(triggered, { type: 'snooze', durationMs: 30 * 60_000 });
    expect(next.snoozedUntil?.toISOString()).toBe('2026-03-01T02:32:00.000Z');
    expect(accepted(next, { type: 'unsnooze' }).next.snoozedUntil).toBeNull();
    expect(refusal(triggered, { type: 'unsnooze' })).toBe('not snoozed');
    expect(refusal(triggered, { type: 'snooze', durationMs: 0 })).toMatch(/positive duration/);
    expect(refusal(triggered, { type: 'snooze', durationMs: MAX_SNOOZE_MS + 1 })).toBe('snooze is limited to 7d');
  });
  it('treats an expired snooze as not snoozed', () => {
    expect(refusal({ ...triggered, snoozedUntil: new Date(now.getTime() - 1) }, { type: 'unsnooze' })).toBe('not snoozed');
  });
  it('records a manual escalation and refuses an empty comment', () => {
    expect(accepted(acknowledged, { type: 'escalate' }).event).toEqual({ type: 'escalated', details: { manual: true } });
    expect(refusal(triggered, { type: 'comment', text: ' ' })).toBe('comment needs some text');
  });
});
