import { describe, expect, it } from 'vitest';
import { judgeFailure, MAX_ATTEMPTS } from '../../../src/delivery/retry-policy.js';
import { PlatformError } from '../../../src/shared/platform-error.js';

// The policy knows no platform: every case is a bare PlatformError, as each client's errors are.
const failure = (message: string, details: ConstructorParameters<typeof PlatformError>[1]) => new PlatformError(message, details);

describe('judgeFailure', () => {
  it('gives up at once on a permanent refusal', () => {
    expect(judgeFailure(failure('keyword missing', { code: '19024', retryable: false }), 0)).toEqual({ kind: 'permanent', code: '19024', reason: 'keyword missing' });
  });

  it('backs off exponentially with jitter', () => {
    const at = (attempt: number, r: number) => judgeFailure(failure('busy', { code: 'http502', retryable: true }), attempt, () => r);
    expect(at(0, 0)).toEqual({ kind: 'retry', afterMs: 500 });
    expect(at(0, 1)).toEqual({ kind: 'retry', afterMs: 1000 });
    expect(at(3, 1)).toEqual({ kind: 'retry', afterMs: 8000 });
    expect(at(30, 1).kind).toBe('exhausted');
  });

  it('waits at least as long as the platform asked', () => {
    expect(judgeFailure(failure('limit', { code: '99991400', retryable: true, retryAfterMs: 9_000 }), 0, () => 0)).toEqual({ kind: 'retry', afterMs: 9_000 });
    expect(judgeFailure(failure('too fast', { code: '130101', retryable: true, retryAfterMs: 600_000 }), 1, () => 0)).toEqual({ kind: 'retry', afterMs: 600_000 });
    // A platform wait shorter than the backoff does not shorten it.
    expect(judgeFailure(failure('limit', { code: '45009', retryable: true, retryAfterMs: 10 }), 3, () => 1)).toEqual({ kind: 'retry', afterMs: 8000 });
  });

  it('never retries a card the platform no longer has, whatever the code says', () => {
    expect(judgeFailure(failure('gone', { code: 'http502', retryable: true, scope: 'card' }), 0)).toMatchObject({ kind: 'permanent', code: 'http502' });
  });

  it('treats an error outside the contract as transient, and stops after MAX_ATTEMPTS', () => {
    expect(judgeFailure(new Error('boom'), 0, () => 0)).toEqual({ kind: 'retry', afterMs: 500 });
    expect(judgeFailure(new Error('boom'), MAX_ATTEMPTS - 1)).toMatchObject({ kind: 'exhausted', code: 'unknown', reason: 'boom' });
  });

  it('ignores look-alike objects: only the contract is read', () => {
    // A plain object with retryable: false is no platform error; its fields mean nothing here.
    expect(judgeFailure({ retryable: false, code: 1, message: 'x' }, 0, () => 0)).toMatchObject({ kind: 'retry' });
  });
});
