import { describe, expect, it } from 'vitest';
import { localDay, nextDailyAt } from '../../../src/domain/daily-times.js';
import { signatureHeader, verifySignature } from '../../../src/domain/signature.js';

describe('nextDailyAt', () => {
  it('finds the next local time of day, today or tomorrow', () => {
    // 08:59 in Shanghai → 09:00 today; 09:00 exactly → tomorrow.
    expect(nextDailyAt(540, 'Asia/Shanghai', new Date('2026-03-02T00:59:00Z')).toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(nextDailyAt(540, 'Asia/Shanghai', new Date('2026-03-02T01:00:00Z')).toISOString()).toBe('2026-03-03T01:00:00.000Z');
    expect(nextDailyAt(18 * 60, 'UTC', new Date('2026-03-02T19:00:00Z')).toISOString()).toBe('2026-03-03T18:00:00.000Z');
  });
  it('gives the local day and its bounds', () => {
    expect(localDay(new Date('2026-03-02T17:00:00Z'), 'Asia/Shanghai')).toEqual({
      date: '2026-03-03',
      from: new Date('2026-03-02T16:00:00Z'),
      to: new Date('2026-03-03T16:00:00Z'),
    });
  });
});

describe('webhook signature', () => {
  const secret = 'whsec-0123456789abcdef';
  const body = '{"event":"alert.opened"}';
  const now = new Date('2026-03-02T01:00:00Z');
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body">', () => {
    // echo -n '1772413200.{"event":"alert.opened"}' | openssl dgst -sha256 -hmac whsec-0123456789abcdef
    expect(signatureHeader(secret, body, now)).toBe('t=1772413200,v1=59487b4fe0e25f50a47ae2a6784ebab5bd86eeb63dbaff5e4f24cb53c26c1aae');
  });
  it('verifies, and refuses a changed body, another secret or an old timestamp', () => {
    const header = signatureHeader(secret, body, now);
    expect(verifySignature(secret, body, header, now)).toBe(true);
    expect(verifySignature(secret, `${body} `, header, now)).toBe(false);
    expect(verifySignature('another-secret-123', body, header, now)).toBe(false);
    expect(verifySignature(secret, body, header, new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifySignature(secret, body, 'garbage', now)).toBe(false);
  });
});
