import { asPlatformFailure } from '../shared/platform-error.js';

/** What to do after a platform call failed. */
export type FailureVerdict =
  | { kind: 'retry'; afterMs: number }
  | { kind: 'permanent'; code: string; reason: string }
  /** Transient, but it kept failing: stop trying and say so on the chat. */
  | { kind: 'exhausted'; code: string; reason: string };

export const MAX_ATTEMPTS = 12;
const BASE_MS = 1_000;
const CAP_MS = 5 * 60_000;

/**
 * The platform error contract says whether trying again can help; a transient failure is retried
 * after an exponential backoff with full jitter (so a fleet does not retry in step), but never
 * sooner than the platform asked. `attempt` counts earlier failures of this job.
 */
export function judgeFailure(error: unknown, attempt: number, random: () => number = Math.random): FailureVerdict {
  const { code, retryable, retryAfterMs, message: reason } = asPlatformFailure(error);
  if (!retryable) return { kind: 'permanent', code, reason };
  if (attempt + 1 >= MAX_ATTEMPTS) return { kind: 'exhausted', code, reason };
  const backoff = Math.min(CAP_MS, BASE_MS * 2 ** attempt) * (0.5 + random() / 2);
  return { kind: 'retry', afterMs: Math.max(backoff, retryAfterMs ?? 0) };
}
