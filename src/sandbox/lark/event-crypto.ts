import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/** `{"encrypt": base64(iv || AES-256-CBC(json))}` with key sha256(encryptKey), as Lark encrypts pushed events. */
export function encryptEvent(encryptKey: string, json: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(json, 'utf8'), cipher.final()]).toString('base64');
}

/** X-Lark-Signature: sha256_hex(timestamp + nonce + encryptKey + body). */
export function signEvent(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(timestamp + nonce + encryptKey + body).digest('hex');
}
