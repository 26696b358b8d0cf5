import { maskUrlsIn } from './mask-secrets.js';

/** The platform's code and message; a URL in it is masked, since webhook URLs hold tokens. */
export function describeDeliveryError(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const raw = typeof message === 'string' ? message : String(error);
  const text = maskUrlsIn(raw);
  return code !== undefined && !text.includes(String(code)) ? `${String(code)}: ${text}` : text;
}
