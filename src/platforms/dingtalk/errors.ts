/**
 * Any failure talking to DingTalk, classified once so callers decide with `retryable` alone.
 * Messages name the API and the platform's code, never a secret, token or signed URL.
 */
export class DingTalkError extends Error {
  override readonly name = 'DingTalkError';
  readonly code: string;
  /** Undefined when no HTTP answer came back (network failure, timeout). */
  readonly httpStatus: number | undefined;
  readonly retryable: boolean;
  /** How long to wait before a retry can succeed, when the platform's rules say so. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: { code: string; httpStatus?: number; retryable: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** A fetch that threw: the request may not have reached DingTalk, so trying again is safe to consider. */
export function transportError(what: string, err: unknown): DingTalkError {
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
  return new DingTalkError(`${what}: ${timedOut ? 'timed out' : 'network error'}`, {
    code: timedOut ? 'timeout' : 'network',
    retryable: true,
    cause: err,
  });
}

/** Whether a failed card update was refused for that card alone: DingTalk no longer has it (`param.cardNotExist`). */
export function isCardGone(error: unknown): boolean {
  return error instanceof DingTalkError && /cardNotExist/i.test(error.code);
}
