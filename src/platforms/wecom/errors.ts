/**
 * A failed robot post, classified once so the card jobs decide with `retryable` alone. Messages
 * name the chat and WeCom's errcode, never the webhook URL: its key is the robot's only credential.
 */
export class WeComError extends Error {
  override readonly name = 'WeComError';
  readonly code: string;
  readonly retryable: boolean;
  /** How long to wait before a retry can succeed (the rest of the robot's minute). */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: { code: string; retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.retryable = details.retryable;
    this.retryAfterMs = details.retryAfterMs;
  }
}
