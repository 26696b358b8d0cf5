import { createHmac } from 'node:crypto';
import { hostOf } from '../../shared/network-cause.js';
import { networkCause, PlatformError } from '../../shared/platform-error.js';

export interface CustomBotTarget {
  /** https://open.feishu.cn/open-apis/bot/v2/hook/<token> (or the sandbox's). */
  webhook: string;
  secret?: string;
  keywords?: string[];
}

export type CustomBotMessage =
  | { msg_type: 'text'; content: { text: string } }
  | { msg_type: 'post'; content: { post: object } }
  | { msg_type: 'interactive'; card: object };

/** 19021 bad signature/clock, 19022 IP not allowed, 19024 keyword missing, 9499 bad or oversized body. */
const CONFIG_CODES = new Set([19021, 19022, 19024, 9499]);
const THROTTLE_CODE = 11232;

/**
 * A failed webhook post. `kind` tells the operator what to fix: `config` (the chat's secret,
 * keywords or IP allow-list — retrying will not help), `throttle` (retryable later), or
 * `transport` (network/5xx, retryable).
 */
export class CustomBotError extends PlatformError {
  override readonly name = 'CustomBotError';

  constructor(
    code: number | string,
    readonly kind: 'config' | 'throttle' | 'transport' | 'rejected',
    msg: string,
    httpStatus?: number,
  ) {
    super(`lark custom bot code ${code}: ${msg}`, { code: String(code), retryable: kind === 'throttle' || kind === 'transport', ...(httpStatus !== undefined && { httpStatus }) });
  }
}

/** base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), timestamp in seconds. */
export function signCustomBot(timestampS: number, secret: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/** Keyword-guarded bots drop messages without one; prefix the first keyword when none is present. */
export function withKeyword(text: string, keywords: readonly string[] | undefined): string {
  if (!keywords?.length || keywords.some((k) => text.includes(k))) return text;
  return `${keywords[0]} ${text}`;
}

export interface CustomBotSendOptions {
  now?: () => number;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Posts one message to a custom bot webhook, signed when the bot has a secret. */
export async function sendCustomBot(target: CustomBotTarget, message: CustomBotMessage, opts: CustomBotSendOptions = {}): Promise<void> {
  const now = opts.now ?? Date.now;
  const body: Record<string, unknown> = { ...message };
  if (target.secret) {
    const timestamp = Math.floor(now() / 1000);
    body.timestamp = String(timestamp);
    body.sign = signCustomBot(timestamp, target.secret);
  }
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(target.webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (e) {
    // The webhook URL embeds the bot's token; say what failed without repeating it.
    const { code, words } = networkCause(e, hostOf(target.webhook));
    throw new CustomBotError(code, 'transport', words);
  }
  const answer = (await res.json().catch(() => ({}))) as { code?: unknown; msg?: unknown; StatusCode?: unknown };
  const code = typeof answer.code === 'number' ? answer.code : typeof answer.StatusCode === 'number' ? answer.StatusCode : res.ok ? 0 : -1;
  if (res.status >= 500 || res.status === 429) throw new CustomBotError(code, 'transport', `HTTP ${res.status}`, res.status);
  if (code === 0 && res.ok) return;
  const msg = String(answer.msg ?? `HTTP ${res.status}`);
  if (code === THROTTLE_CODE) throw new CustomBotError(code, 'throttle', msg, res.status);
  throw new CustomBotError(code, CONFIG_CODES.has(code) ? 'config' : 'rejected', msg, res.status);
}
