/** What to do after a platform call failed. */
export type FailureVerdict =
  | { kind: 'retry'; afterMs: number }
  | { kind: 'permanent'; code: string; reason: string }
  /** Transient, but it kept failing: stop trying and say so on the chat. */
  | { kind: 'exhausted'; code: string; reason: string };

export const MAX_ATTEMPTS = 12;
const BASE_MS = 1_000;
const CAP_MS = 5 * 60_000;

interface PlatformFailure {
  retryable?: boolean;
  code?: unknown;
  message?: string;
  /** Lark: ms since the epoch when the platform's window frees a slot. */
  resetAt?: number;
  /** DingTalk: how long the platform asks us to wait. */
  retryAfterMs?: number;
}

/**
 * Platform errors say whether trying again can help; a transient one is retried after an
 * exponential backoff with full jitter (so a fleet does not retry in step), but never sooner
 * than the platform's own reset time. `attempt` counts earlier failures of this job.
 */
export function judgeFailure(error: unknown, attempt: number, now: number, random: () => number = Math.random): FailureVerdict {
  const failure = (typeof error === 'object' && error !== null ? error : {}) as PlatformFailure;
  const code = failure.code === undefined ? 'unknown' : String(failure.code);
  const reason = failure.message ?? String(error);
  if (failure.retryable === false) return { kind: 'permanent', code, reason };
  if (attempt + 1 >= MAX_ATTEMPTS) return { kind: 'exhausted', code, reason };
  const backoff = Math.min(CAP_MS, BASE_MS * 2 ** attempt) * (0.5 + random() / 2);
  const platformWait = Math.max(failure.resetAt === undefined ? 0 : failure.resetAt - now, failure.retryAfterMs ?? 0);
  return { kind: 'retry', afterMs: Math.max(backoff, platformWait) };
}
