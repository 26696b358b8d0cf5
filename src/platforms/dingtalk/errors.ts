import { hostOf } from '../../shared/network-cause.js';
import { networkCause, PlatformError } from '../../shared/platform-error.js';

/**
 * Any failure talking to DingTalk, classified once so callers decide with `retryable` alone.
 * Messages name the API and the platform's code, never a secret, token or signed URL.
 */
export class DingTalkError extends PlatformError {
  override readonly name = 'DingTalkError';
}

/** A fetch that threw: the request may not have reached DingTalk, so trying again is safe to consider. */
export function transportError(what: string, err: unknown, url?: string): DingTalkError {
  // Only the host:port of the URL: a robot's URL holds its access token.
  const { code, words } = networkCause(err, url === undefined ? undefined : hostOf(url));
  return new DingTalkError(`${what}: ${words}`, { code, retryable: true, cause: err });
}

/** Whether a failed card update was refused for that card alone: DingTalk no longer has it (`param.cardNotExist`). */
export function isCardGone(error: PlatformError): boolean {
  return /cardNotExist/i.test(error.code);
}
