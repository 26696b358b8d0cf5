import { networkCause, PlatformError } from '../../shared/platform-error.js';

/** Codes that clear up by waiting: frequency limits (app gateway, chat, message) and busy backends. */
const THROTTLE_CODES = new Set(['99991400', '230020', '11232']);
/** The chat's (5 sends/s) or the message's (5 updates/s) own frequency limit; Lark names no reset time. */
const OWN_LIMIT_CODE = '230020';
/**
 * Answers to an update of one message that concern that message alone: 230001 names an invalid
 * message_id (deleted, or unknown to the platform), 230011 a recalled message.
 */
const CARD_GONE_CODES = new Set(['230001', '230011']);
/** The token was refused; the client drops its cached token, so the next attempt fetches a new one. */
export const TOKEN_CODES = new Set(['99991661', '99991663', '99991668']);

/**
 * Every failed Lark call as one typed error. `retryable` says whether the same call may succeed
 * later (then `retryAfterMs` says when, if the platform told us); the message carries only the
 * platform's code and msg, never a token or secret.
 */
export class LarkApiError extends PlatformError {
  override readonly name = 'LarkApiError';

  constructor(code: number | string, httpStatus: number | undefined, retryable: boolean, msg: string, retryAfterMs?: number) {
    super(`lark ${httpStatus ?? 'network'} code ${code}: ${msg}`, {
      code: String(code),
      httpStatus,
      retryable,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      ...(String(code) === OWN_LIMIT_CODE && { scope: 'destination' as const }),
    });
  }
}

interface Body {
  code?: unknown;
  msg?: unknown;
}

/** The slice of an AxiosError we read; checked structurally so we need not depend on axios itself. */
interface HttpFailure {
  isAxiosError: true;
  code?: string;
  message: string;
  response?: { status: number; data?: unknown; headers: Record<string, unknown> };
}

const isHttpFailure = (e: unknown): e is HttpFailure =>
  typeof e === 'object' && e !== null && (e as { isAxiosError?: unknown }).isAxiosError === true;

function classify(code: number, httpStatus: number | undefined): boolean {
  if (httpStatus === undefined || httpStatus === 429 || httpStatus >= 500) return true;
  return THROTTLE_CODES.has(String(code)) || TOKEN_CODES.has(String(code));
}

/** An HTTP-200 answer whose `code` is not 0 (the SDK resolves those). */
export function fromBody(body: Body, httpStatus = 200): LarkApiError {
  const code = typeof body.code === 'number' ? body.code : -1;
  return new LarkApiError(code, httpStatus, classify(code, httpStatus), String(body.msg ?? 'no message'));
}

/** Maps whatever the SDK threw (AxiosError, token failure, timeout) onto LarkApiError. */
export function toLarkError(e: unknown): LarkApiError {
  if (e instanceof LarkApiError) return e;
  if (isHttpFailure(e)) {
    if (!e.response) {
      const { code, words } = networkCause(e);
      return new LarkApiError(code, undefined, true, words);
    }
    const status = e.response.status;
    const body = (e.response.data ?? {}) as Body;
    const code = typeof body.code === 'number' ? body.code : -1;
    // x-ogw-ratelimit-reset is the number of seconds until the gateway's window frees a slot.
    const header = e.response.headers['x-ogw-ratelimit-reset'];
    const reset = header === undefined ? NaN : Number(header);
    const retryAfterMs = Number.isFinite(reset) && reset >= 0 ? reset * 1000 : undefined;
    return new LarkApiError(code, status, classify(code, status), String(body.msg ?? e.message), retryAfterMs);
  }
  const message = e instanceof Error ? e.message : String(e);
  // The SDK's token manager throws "failed to get tenant_access_token, code: N, msg: …" on HTTP 200 refusals.
  const token = /failed to get tenant_access_token, code: (-?\d+)/.exec(message);
  if (token) return new LarkApiError(Number(token[1]), 200, false, 'tenant_access_token refused (check appId/appSecret)');
  return new LarkApiError('unknown', undefined, true, 'unexpected client failure');
}

/** Whether a failed card update was refused for that card alone (see CARD_GONE_CODES). */
export function isCardGone(error: PlatformError): boolean {
  return CARD_GONE_CODES.has(error.code);
}
