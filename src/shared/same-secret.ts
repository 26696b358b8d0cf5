import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison; hashing first keeps the length of the secret from leaking too. */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
