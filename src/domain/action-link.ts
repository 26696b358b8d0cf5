import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a signed action link lets its holder do, until it expires. */
export interface ActionLinkClaims {
  alertId: number;
  /** `ack` | `resolve` | `snooze` … as on card buttons. */
  action: string;
  args: Record<string, string>;
  /** The chat the link was posted in (decides the actor's platform on the timeline). */
  chat: string;
  /** Unix seconds. */
  expires: number;
}

/** What a link's payload must be; a signed payload of another shape (an old or buggy signer) is invalid. */
const claimsSchema = z.object({
  alertId: z.number().int().positive().max(2_147_483_647),
  action: z.string().min(1).max(32),
  args: z.record(z.string(), z.string()),
  chat: z.string(),
  expires: z.number(),
});

export const ACTION_LINK_TTL_SECONDS = 7 * 86_400;

/**
 * One-way chats (custom robots) cannot call Gong back, so their buttons are links carrying a
 * signed, expiring claim: nobody can forge one for another alert or action.
 */
export function signActionLink(claims: Omit<ActionLinkClaims, 'expires'>, key: string, now = Date.now()): string {
  const payload: ActionLinkClaims = { ...claims, expires: Math.floor(now / 1000) + ACTION_LINK_TTL_SECONDS };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(body, key)}`;
}

export type VerifiedLink = { ok: true; claims: ActionLinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

export function verifyActionLink(token: string, key: string, now = Date.now()): VerifiedLink {
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(mac(body, key));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const checked = claimsSchema.safeParse(parsed);
  if (!checked.success) return { ok: false, reason: 'invalid' };
  const claims: ActionLinkClaims = checked.data;
  if (!(claims.expires * 1000 > now)) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/** Links are signed with a key derived from the admin token, never with the token itself. */
export function actionLinkKey(adminToken: string): string {
  return createHmac('sha256', adminToken).update('gong action links v1').digest('hex');
}

function mac(body: string, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}
