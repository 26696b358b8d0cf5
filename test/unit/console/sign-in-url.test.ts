import { describe, expect, it } from 'vitest';
import { signInUrl } from '../../../src/console/session.js';

describe('the sign-in redirect of a signed-out page request', () => {
  it('comes back to the page asked for', () => {
    expect(signInUrl('/console/alerts?state=open')).toBe('/console/login?next=%2Fconsole%2Falerts%3Fstate%3Dopen');
  });

  it('drops an address too long to come back to, so the redirect stays readable', () => {
    expect(signInUrl(`/console/alerts?q=${'x'.repeat(20_000)}`)).toBe('/console/login');
  });
});
