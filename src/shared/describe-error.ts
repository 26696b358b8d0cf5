import { maskUrlsIn } from './mask-secrets.js';
import { asPlatformFailure } from './platform-error.js';

/** The platform's code and message; a URL in it is masked, since webhook URLs hold tokens. */
export function describeDeliveryError(error: unknown): string {
  const { code, message } = asPlatformFailure(error);
  const text = maskUrlsIn(message);
  return code !== 'unknown' && !text.includes(code) ? `${code}: ${text}` : text;
}
