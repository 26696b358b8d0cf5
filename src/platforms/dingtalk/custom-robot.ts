import { createHmac } from 'node:crypto';
import { postWebhook, type WebhookMessage } from './webhook-post.js';

/** errcode for a refused keyword, timestamp, signature or IP: the chat's settings are wrong, retrying won't help. */
export const CONFIG_ERRCODE = '310000';

/** base64(HmacSHA256(secret, `${timestamp}\n${secret}`)), before URL encoding. */
export function signWebhook(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

/** The webhook URL with `timestamp` and `sign` added when the robot has a signing secret. */
export function signedWebhookUrl(webhook: string, secret: string | undefined, now: number): string {
  if (!secret) return webhook;
  const url = new URL(webhook);
  url.searchParams.set('timestamp', String(now));
  url.searchParams.set('sign', signWebhook(secret, now));
  return url.toString();
}

/** A robot whose keywords are unknown to Gong still accepts messages containing this one. */
const DEFAULT_KEYWORDS = ['alert'];

/** The keywords Gong writes into a custom robot's messages: the chat's, else the default. */
export function robotKeywords(chat: { keywords?: readonly string[] | undefined }): readonly string[] {
  return chat.keywords ?? DEFAULT_KEYWORDS;
}

/** Keeps text that already contains one of the robot's keywords; otherwise prefixes the first one. */
export function withKeyword(text: string, keywords: readonly string[]): string {
  const [first] = keywords;
  if (first === undefined || keywords.some((k) => text.includes(k))) return text;
  return `${first} ${text}`;
}

export interface CustomRobotOptions {
  /** The full robot URL, access token included. */
  webhook: string;
  secret?: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

/**
 * Sends to one custom (webhook) robot. Errors are DingTalkErrors: code '310000' is a permanent
 * configuration error, throttles are retryable after `retryAfterMs`, '300005' is a dead token.
 */
export class CustomRobot {
  constructor(private readonly options: CustomRobotOptions) {}

  async send(message: WebhookMessage): Promise<void> {
    const now = (this.options.now ?? Date.now)();
    await postWebhook(
      signedWebhookUrl(this.options.webhook, this.options.secret, now),
      message,
      'DingTalk custom robot',
      this.options.fetch ?? fetch,
      this.options.timeoutMs ?? 10_000,
    );
  }
}
