export { networkCause, type NetworkCause } from './network-cause.js';

/**
 * Every failed call to a chat platform, whichever platform: each client classifies its answers
 * once, into this shape, and delivery decides from it alone (it never knows a platform's classes).
 * Messages name the call and the platform's code, never a token, secret or signed URL.
 */
export class PlatformError extends Error {
  /** The platform's own code (`130101`, `param.cardNotExist`, `http502`) or a NetworkCause. */
  readonly code: string;
  /** Whether the same call may succeed later; false for refusals (bad credentials, bad content, removed bot). */
  readonly retryable: boolean;
  /** How long the platform's rules say to wait before trying again, when they say. */
  readonly retryAfterMs: number | undefined;
  /**
   * What the refusal concerns when it is narrower than the app: `card`, one card alone (deleted,
   * recalled, unknown to the platform: updating it again cannot succeed, other cards still get
   * through); `destination`, the chat's or message's own frequency limit, not the app's.
   */
  readonly scope: 'card' | 'destination' | undefined;
  /** Undefined when no HTTP answer came back. */
  readonly httpStatus: number | undefined;

  constructor(
    message: string,
    details: { code: string; retryable: boolean; retryAfterMs?: number; scope?: 'card' | 'destination'; httpStatus?: number; cause?: unknown },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.retryable = details.scope === 'card' ? false : details.retryable;
    this.retryAfterMs = details.retryAfterMs;
    this.scope = details.scope;
    this.httpStatus = details.httpStatus;
  }
}

/** Whether a failure was refused for one card alone (see `scope`): recorded on the card, not the chat. */
export function isCardFailure(error: unknown): error is PlatformError {
  return error instanceof PlatformError && error.scope === 'card';
}

/**
 * An update of one card. The refusals `gone` recognises (the platform deleted the card, or no
 * longer knows it) come back with scope `card`: only the call knows that the code, which can
 * answer other calls too, is about this card.
 */
export async function cardUpdate<T>(update: Promise<T>, gone: (error: PlatformError) => boolean): Promise<T> {
  try {
    return await update;
  } catch (error) {
    if (!(error instanceof PlatformError) || !gone(error)) throw error;
    throw new PlatformError(error.message, { code: error.code, retryable: false, scope: 'card', httpStatus: error.httpStatus, cause: error });
  }
}

/**
 * Any error as the contract sees it. An error that is no PlatformError (a bug, a client that
 * threw something unexpected) is retried like a transient failure: waiting costs little, and the
 * retries end in a failing chat with its message if it never clears.
 */
export function asPlatformFailure(error: unknown): Pick<PlatformError, 'code' | 'retryable' | 'retryAfterMs' | 'scope' | 'message'> {
  if (error instanceof PlatformError) return error;
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  return {
    code: code === undefined ? 'unknown' : String(code),
    retryable: true,
    retryAfterMs: undefined,
    scope: undefined,
    message: typeof message === 'string' ? message : String(error),
  };
}
