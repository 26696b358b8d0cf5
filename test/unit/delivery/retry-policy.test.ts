import { describe, expect, it } from 'vitest';
import { judgeFailure, MAX_ATTEMPTS } from '../../../src/delivery/retry-policy.js';

describe('judgeFailure', () => {
  it('gives up at once on a permanent refusal', () => {
    expect(judgeFailure({ retryable: false, code: 19024, message: 'keyword missing' }, 0, 0)).toEqual({ kind: 'permanent', code: '19024', reason: 'keyword missing' });
  });

  it('backs off exponentially with jitter', () => {
    const at = (attempt: number, r: number) => judgeFailure({ retryable: true }, attempt, 0, () => r);
    expect(at(0, 0)).toEqual({ kind: 'retry', afterMs: 500 });
    expect(at(0, 1)).toEqual({ kind: 'retry', afterMs: 1000 });
    expect(at(3, 1)).toEqual({ kind: 'retry', afterMs: 8000 });
    expect(at(30, 1).kind).toBe('exhausted');
  });

  it('waits at least until the platform’s reset time', () => {
    expect(judgeFailure({ retryable: true, resetAt: 10_000 }, 0, 1_000, () => 0)).toEqual({ kind: 'retry', afterMs: 9_000 });
    expect(judgeFailure({ retryable: true, retryAfterMs: 600_000 }, 1, 0, () => 0)).toEqual({ kind: 'retry', afterMs: 600_000 });
  });

  it('stops after MAX_ATTEMPTS transient failures', () => {
    expect(judgeFailure(new Error('boom'), MAX_ATTEMPTS - 1, 0)).toMatchObject({ kind: 'exhausted', reason: 'boom' });
  });
});
