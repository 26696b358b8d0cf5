import { describe, expect, it } from 'vitest';
import { ACTION_LINK_TTL_SECONDS, actionLinkKey, signActionLink, verifyActionLink } from '../../src/domain/action-link.js';

const key = actionLinkKey('admin-token-for-tests');
const claims = { alertId: 42, action: 'snooze', args: { duration: '2h' }, chat: 'ops' };

describe('action links', () => {
  it('round-trip their claims', () => {
    const token = signActionLink(claims, key, 1_000_000);
    expect(verifyActionLink(token, key, 1_000_000)).toEqual({ ok: true, claims: { ...claims, expires: 1000 + ACTION_LINK_TTL_SECONDS } });
  });
  it('expire', () => {
    const token = signActionLink(claims, key, 0);
    expect(verifyActionLink(token, key, ACTION_LINK_TTL_SECONDS * 1000 + 1)).toEqual({ ok: false, reason: 'expired' });
  });
  it('cannot be altered or signed with another key', () => {
    const token = signActionLink(claims, key);
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ ...claims, alertId: 43, expires: 9e9 })).toString('base64url')}.${signature}`;
    expect(verifyActionLink(forged, key)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyActionLink(token, actionLinkKey('another-admin-token'))).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyActionLink('garbage', key)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyActionLink('a.b.c', key)).toEqual({ ok: false, reason: 'invalid' });
  });
  it('are invalid when a signed payload is not the shape of a link', () => {
    for (const odd of [{ ...claims, alertId: '' }, { ...claims, alertId: 0 }, { ...claims, alertId: 1.5 }, { ...claims, args: { duration: 2 } }, { ...claims, action: {} }, { ...claims, chat: null }]) {
      expect(verifyActionLink(signActionLink(odd as never, key), key)).toEqual({ ok: false, reason: 'invalid' });
    }
  });
  it('never contain the admin token', () => {
    expect(signActionLink(claims, key)).not.toContain('admin-token-for-tests');
    expect(key).not.toContain('admin-token-for-tests');
  });
});
