import { maskUrlsIn } from './mask-secrets.js';
import { networkCause } from './network-cause.js';
import { asPlatformFailure, PlatformError } from './platform-error.js';

/** The platform's code and message; a URL in it is masked, since webhook URLs hold tokens. */
export function describeDeliveryError(error: unknown): string {
  // A call that got no answer (a fetch that threw): its cause in words, not "fetch failed".
  if (!(error instanceof PlatformError)) {
    const cause = networkCause(error);
    if (cause.code !== 'network') return cause.words;
  }
  const { code, message } = asPlatformFailure(error);
  const text = maskUrlsIn(message);
  return code !== 'unknown' && !text.includes(code) ? `${code}: ${text}` : text;
}
