import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sameSecret } from '../../shared/same-secret.js';

/** How far a pushed request's timestamp may be from our clock: older is a replay, newer a forgery. */
export const EVENT_WINDOW_SECONDS = 5 * 60;

/**
 * Why a request signed with X-Lark-Signature does not prove it comes from Lark, or undefined when
 * it does. Lark signs sha256_hex(timestamp + nonce + encryptKey + body) over the body exactly as
 * sent, so the raw text is hashed (the SDK re-serialises the parsed body, which any reformatting
 * breaks) and compared in constant time.
 */
export function signatureProblem(headers: IncomingHttpHeaders, rawBody: string, encryptKey: string, nowMs: number): string | undefined {
  const timestamp = single(headers['x-lark-request-timestamp']);
  const nonce = single(headers['x-lark-request-nonce']);
  const signature = single(headers['x-lark-signature']);
  if (!timestamp || !nonce || !signature) return 'unsigned event: X-Lark-Signature, X-Lark-Request-Timestamp and X-Lark-Request-Nonce are required';
  const stale = timestampProblem(timestamp, nowMs);
  if (stale) return stale;
  const expected = Buffer.from(createHash('sha256').update(timestamp + nonce + encryptKey + rawBody).digest('hex'));
  const given = Buffer.from(signature.toLowerCase());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'X-Lark-Signature does not match the body and the encryptKey';
  return undefined;
}

/** X-Lark-Request-Timestamp is Unix seconds; outside the window the request is refused as a replay. */
export function timestampProblem(timestamp: string, nowMs: number): string | undefined {
  if (!/^\d{1,12}$/.test(timestamp)) return 'X-Lark-Request-Timestamp must be Unix seconds';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > EVENT_WINDOW_SECONDS) {
    return `X-Lark-Request-Timestamp is more than ${EVENT_WINDOW_SECONDS / 60} minutes from now (a replayed or forged event)`;
  }
  return undefined;
}

/** `{"encrypt": base64(iv16 || AES-256-CBC(json))}` with key sha256(encryptKey); throws when it does not decrypt. */
export function decryptEvent(encryptKey: string, encrypted: string): string {
  const bytes = Buffer.from(encrypted, 'base64');
  if (bytes.length < 32) throw new Error('encrypted event too short');
  const key = createHash('sha256').update(encryptKey).digest();
  const decipher = createDecipheriv('aes-256-cbc', key, bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16)), decipher.final()]).toString('utf8');
}

/** The token Lark puts in every event (schema 2.0 `header.token`, 1.0 and url_verification `token`), compared in constant time. */
export function tokenMatches(payload: Record<string, unknown>, verificationToken: string): boolean {
  const header = payload.header as { token?: unknown } | undefined;
  const given = header?.token ?? payload.token;
  return typeof given === 'string' && sameSecret(given, verificationToken);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
