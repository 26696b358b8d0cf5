import { describe, expect, it } from 'vitest';
import { ACTION_LINK_TTL_SECONDS, actionLinkKey, signActionLink, verifyActionLink } from '../../src/domain/action-link.js';
import { rememberedActor } from '../../src/http/routes/action-links.js';
import { signActionResult, verifyActionResult } from '../../src/http/routes/action-result.js';

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

describe('the name an action-link page remembers', () => {
  it('comes back exactly as typed', () => {
    for (const name of ['Wang Fang', '王芳', '👩🏽‍🚒 Ana', 'x'.repeat(100)]) expect(rememberedActor(encodeURIComponent(name))).toBe(name);
  });
  it('is forgotten when the form would not take it as it is', () => {
    for (const value of [undefined, '', '%E0%A4%A', 'Wang%07Fang', 'Wang%0AFang', '%20Wang', 'Wang%20', encodeURIComponent('x'.repeat(101))]) {
      expect(rememberedActor(value), String(value)).toBe('');
    }
  });
});

describe('the result of an action link, carried to its page', () => {
  const token = signActionLink(claims, key);
  const result = { status: 'done' as const, message: '#42 Acknowledged by Wang Fang at 08:46' };
  it('round-trips for its own link', () => {
    expect(verifyActionResult(signActionResult(result, token, key), token, key)).toEqual(result);
  });
  it('cannot be altered, moved to another link, or signed with another key', () => {
    const signed = signActionResult(result, token, key);
    const [, signature] = signed.split('.');
    const altered = `${Buffer.from(JSON.stringify({ s: 'done', m: 'Call +1 555 0100 now' })).toString('base64url')}.${signature}`;
    expect(verifyActionResult(altered, token, key)).toBeUndefined();
    expect(verifyActionResult(signed, signActionLink({ ...claims, action: 'resolve' }, key), key)).toBeUndefined();
    expect(verifyActionResult(signed, token, actionLinkKey('another-admin-token'))).toBeUndefined();
    for (const garbage of ['', 'a', 'a.b', 'a.b.c']) expect(verifyActionResult(garbage, token, key)).toBeUndefined();
  });
  it('is no action link, and an action link is no result', () => {
    expect(verifyActionLink(signActionResult(result, token, key), key)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyActionResult(token, token, key)).toBeUndefined();
  });
});
