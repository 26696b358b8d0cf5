import { describe, expect, it } from 'vitest';
import { refusalText } from '../../../src/alerts/refusal-text.js';
import { type Action, type LifecycleState, MAX_SNOOZE_MS, transition } from '../../../src/domain/lifecycle.js';

const now = new Date('2026-03-01T02:02:00Z'); // 10:02 in Asia/Shanghai
const ctx = { actor: 'alice', now };
const triggered: LifecycleState = {
  state: 'triggered', assignee: null, snoozedUntil: null,
  acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, resolvedBy: null,
  escalation: { generation: 3, next: 1 },
};
const acknowledged: LifecycleState = { ...triggered, state: 'acknowledged', acknowledgedAt: now, acknowledgedBy: 'bob' };
const resolved: LifecycleState = { ...triggered, state: 'resolved', resolvedAt: now, resolvedBy: 'carol' };

function accepted(state: LifecycleState, action: Action) {
  const result = transition(state, action, ctx);
  if (!result.ok) throw new Error(`refused: ${result.refusal.code}`);
  return result;
}
function refusal(state: LifecycleState, action: Action) {
  const result = transition(state, action, ctx);
  if (result.ok) throw new Error('accepted');
  return result.refusal;
}

describe('transition', () => {
  it('acknowledges a triggered alert, recording who and when', () => {
    const { next, event } = accepted(triggered, { type: 'ack' });
    expect(next).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'alice', acknowledgedAt: now });
    expect(event.type).toBe('acknowledged');
  });
  it('keeps a snooze on ack: the snooze and its silence last until lifted, resolved or run out', () => {
    const snoozed = { ...triggered, snoozedUntil: new Date(now.getTime() + 60_000) };
    expect(accepted(snoozed, { type: 'ack' }).next).toMatchObject({ state: 'acknowledged', snoozedUntil: snoozed.snoozedUntil });
  });
  it('refuses a second ack naming the first person and time', () => {
    expect(refusal(acknowledged, { type: 'ack' })).toEqual({ code: 'alreadyAcknowledged', by: 'bob', at: now });
  });
  it('refuses every change to a resolved alert but reopen and comment', () => {
    for (const action of [{ type: 'ack' }, { type: 'resolve' }, { type: 'assign', user: 'x' }, { type: 'snooze', durationMs: 60_000 }, { type: 'escalate' }] as Action[]) {
      expect(refusal(resolved, action)).toEqual({ code: 'alreadyResolved', by: 'carol', at: now });
    }
    expect(accepted(resolved, { type: 'comment', text: 'postmortem tomorrow' }).event.details).toEqual({ text: 'postmortem tomorrow' });
  });
  it('unacks only an acknowledged alert', () => {
    expect(accepted(acknowledged, { type: 'unack' }).next).toMatchObject({ state: 'triggered', acknowledgedBy: null });
    expect(refusal(triggered, { type: 'unack' })).toEqual({ code: 'notAcknowledged', state: 'triggered' });
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
    expect(refusal(acknowledged, { type: 'reopen' })).toEqual({ code: 'notResolved', state: 'acknowledged' });
  });
  it('assigns, refusing the same person twice and an empty name', () => {
    const { next, event } = accepted(triggered, { type: 'assign', user: 'dave' });
    expect(next.assignee).toBe('dave');
    expect(event.details).toEqual({ assignee: 'dave', previous: null });
    expect(refusal(next, { type: 'assign', user: 'dave' })).toEqual({ code: 'alreadyAssigned', user: 'dave' });
    expect(refusal(triggered, { type: 'assign', user: '  ' })).toEqual({ code: 'needsAssignee' });
  });
  it('snoozes for a bounded positive duration and unsnoozes', () => {
    const { next } = accepted(triggered, { type: 'snooze', durationMs: 30 * 60_000 });
    expect(next.snoozedUntil?.toISOString()).toBe('2026-03-01T02:32:00.000Z');
    expect(accepted(next, { type: 'unsnooze' }).next.snoozedUntil).toBeNull();
    expect(refusal(triggered, { type: 'unsnooze' })).toEqual({ code: 'notSnoozed' });
    expect(refusal(triggered, { type: 'snooze', durationMs: 0 })).toEqual({ code: 'needsDuration' });
    expect(refusal(triggered, { type: 'snooze', durationMs: MAX_SNOOZE_MS + 1 })).toEqual({ code: 'snoozeTooLong', maxMs: MAX_SNOOZE_MS });
  });
  it('treats an expired snooze as not snoozed', () => {
    expect(refusal({ ...triggered, snoozedUntil: new Date(now.getTime() - 1) }, { type: 'unsnooze' })).toEqual({ code: 'notSnoozed' });
  });
  it('records a manual escalation and refuses an empty comment', () => {
    expect(accepted(acknowledged, { type: 'escalate' }).event).toEqual({ type: 'escalated', details: { manual: true } });
    expect(refusal(triggered, { type: 'comment', text: ' ' })).toEqual({ code: 'needsText' });
  });
});

describe('an escalation step falling due', () => {
  const step = { generation: 3, index: 1, number: 2, round: 0, policy: 'p', mentions: ['dave'], notify: ['ops'] };
  const due: Action = { type: 'escalate', step };

  it('is taken while it is the next step of a triggered alert, with the step on the timeline', () => {
    const { event, changes } = accepted(triggered, due);
    expect(event).toEqual({ type: 'escalated', details: { step: 2, round: 0, policy: 'p', mentions: ['dave'], notify: ['ops'] } });
    expect(changes).toEqual({});
  });
  it('is refused once someone acknowledged the alert, naming them', () => {
    expect(refusal(acknowledged, due)).toEqual({ code: 'alreadyAcknowledged', by: 'bob', at: now });
  });
  it('is refused on a resolved alert', () => {
    expect(refusal(resolved, due)).toMatchObject({ code: 'alreadyResolved' });
  });
  it('is refused when the escalation moved on: taken already, or its timer made stale by a change', () => {
    expect(refusal({ ...triggered, escalation: { generation: 3, next: 2 } }, due)).toEqual({ code: 'alreadyHandled' });
    expect(refusal({ ...triggered, escalation: { generation: 4, next: 1 } }, due)).toEqual({ code: 'alreadyHandled' });
    expect(refusal({ ...triggered, escalation: null }, due)).toEqual({ code: 'alreadyHandled' });
  });
  it('leaves a manual escalation as it was: allowed while acknowledged', () => {
    expect(accepted(acknowledged, { type: 'escalate' }).event).toEqual({ type: 'escalated', details: { manual: true } });
  });
});

describe('a snooze running out', () => {
  const until = new Date(now.getTime() - 1_000);
  it('clears the snooze it ends', () => {
    const { changes, event } = accepted({ ...triggered, snoozedUntil: until }, { type: 'snoozeEnd', until });
    expect(changes).toEqual({ snoozedUntil: null });
    expect(event).toEqual({ type: 'snooze-ended', details: { until: until.toISOString() } });
  });
  it('is refused for a snooze lifted, changed or not over yet', () => {
    expect(refusal(triggered, { type: 'snoozeEnd', until })).toEqual({ code: 'notSnoozed' });
    expect(refusal({ ...triggered, snoozedUntil: new Date(until.getTime() + 60_000) }, { type: 'snoozeEnd', until })).toEqual({ code: 'notSnoozed' });
    const later = new Date(now.getTime() + 1_000);
    expect(refusal({ ...triggered, snoozedUntil: later }, { type: 'snoozeEnd', until: later })).toEqual({ code: 'notSnoozed' });
  });
});

describe('refusalText', () => {
  it('words every refusal in English for the API, in the configured zone', () => {
    const english = (state: LifecycleState, action: Action) => refusalText(refusal(state, action), 'Asia/Shanghai');
    expect(english(acknowledged, { type: 'ack' })).toBe('already acknowledged by bob at 10:02');
    expect(english(resolved, { type: 'ack' })).toBe('already resolved by carol at 10:02');
    expect(english({ ...resolved, resolvedBy: null, resolvedAt: null }, { type: 'ack' })).toBe('already resolved');
    expect(english(triggered, { type: 'unack' })).toBe('not acknowledged (it is triggered)');
    expect(english(acknowledged, { type: 'reopen' })).toBe('not resolved (it is acknowledged)');
    expect(english({ ...triggered, assignee: 'dave' }, { type: 'assign', user: 'dave' })).toBe('already assigned to dave');
    expect(english(triggered, { type: 'snooze', durationMs: MAX_SNOOZE_MS + 1 })).toBe('snooze is limited to 7d');
    expect(refusalText({ code: 'alreadyHandled' }, 'UTC')).toBe('already handled');
  });
});
