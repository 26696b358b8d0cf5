import { DingTalkError, transportError } from './errors.js';

/** The bodies the custom robot webhook and the sessionWebhook both accept. */
export interface WebhookAt {
  atUserIds?: string[];
  atMobiles?: string[];
  isAtAll?: boolean;
}

export type WebhookMessage =
  | { msgtype: 'text'; text: { content: string }; at?: WebhookAt }
  | { msgtype: 'markdown'; markdown: { title: string; text: string }; at?: WebhookAt }
  | { msgtype: 'link'; link: { title: string; text: string; messageUrl: string; picUrl?: string } }
  | {
      msgtype: 'actionCard';
      actionCard: { title: string; text: string; btnOrientation?: '0' | '1'; hideAvatar?: '0' | '1' } & (
        | { singleTitle: string; singleURL: string }
        | { btns: Array<{ title: string; actionURL: string }> }
      );
    }
  | { msgtype: 'feedCard'; feedCard: { links: Array<{ title: string; messageURL: string; picURL: string }> } };

/** DingTalk's documented and observed rate-limit errcodes; sources disagree, so all of them count. */
const THROTTLE_CODES = new Set([130101, 410100, 660026]);
/** The custom robot blocks for 10 minutes after its 20-a-minute limit. */
export const WEBHOOK_BLOCK_MS = 10 * 60 * 1000;

/**
 * Posts a webhook body and turns `{errcode, errmsg}` into success or a classified DingTalkError.
 * `what` names the target in errors; the URL is never shown, since it carries the access token.
 */
export async function postWebhook(
  url: string,
  message: WebhookMessage,
  what: string,
  fetchImpl: typeof fetch,
  timeoutMs: number,
): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw transportError(what, err, url);
  }
  const body = (await res.json().catch(() => ({}))) as { errcode?: unknown; errmsg?: unknown };
  if (!res.ok) {
    throw new DingTalkError(`${what}: HTTP ${res.status}`, {
      code: `http${res.status}`,
      httpStatus: res.status,
      retryable: res.status >= 500 || res.status === 429,
    });
  }
  const errcode = typeof body.errcode === 'number' ? body.errcode : Number(body.errcode ?? 0);
  if (errcode === 0) return;
  const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
  const throttled = THROTTLE_CODES.has(errcode) || /too fast|limit/i.test(errmsg);
  throw new DingTalkError(`${what}: errcode ${errcode} ${errmsg}`.trim(), {
    code: String(errcode),
    httpStatus: res.status,
    retryable: throttled,
    ...(throttled && { retryAfterMs: WEBHOOK_BLOCK_MS }),
  });
}
