import { hostOf } from '../../shared/network-cause.js';
import { networkCause } from '../../shared/platform-error.js';
import { WeComError } from './errors.js';
import { WECOM_WINDOW_MS } from './limits.js';

/** The bodies Gong sends to a group robot. */
export type WeComMessage =
  | { msgtype: 'text'; text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] } }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: TextNoticeCard };

export interface TextNoticeCard {
  card_type: 'text_notice';
  source?: { desc: string; desc_color?: 0 | 1 | 2 | 3 };
  main_title: { title: string; desc?: string };
  emphasis_content?: { title: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: Array<{ keyname: string; value: string; type?: 1; url?: string }>;
  jump_list?: Array<{ type: 1; url: string; title: string }>;
  card_action: { type: 1; url: string };
}

/** The documented and reported throttle answer; anything saying frequency or limit counts too. */
const THROTTLE_ERRCODE = 45009;
/** The key is unknown: the robot was removed from its group, or the URL was mistyped. */
export const INVALID_WEBHOOK_ERRCODE = 93000;

/**
 * Posts one message to a robot and turns `{errcode, errmsg}` into success or a WeComError.
 * `what` names the chat in errors; the URL (and its key) never appears in them.
 */
export async function postToRobot(webhook: string, message: WeComMessage, what: string, fetchImpl: typeof fetch = fetch, timeoutMs = 10_000): Promise<void> {
  let res: Response;
  try {
    res = await fetchImpl(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    // The cause (undici's error) can quote the URL: keep only its class of failure.
    const { code, words } = networkCause(err, hostOf(webhook));
    throw new WeComError(`${what}: ${words}`, { code, retryable: true });
  }
  if (!res.ok) {
    throw new WeComError(`${what}: HTTP ${res.status}`, { code: `http${res.status}`, httpStatus: res.status, retryable: res.status >= 500 || res.status === 429 });
  }
  const body = (await res.json().catch(() => ({}))) as { errcode?: unknown; errmsg?: unknown };
  const errcode = Number(body.errcode ?? 0);
  if (errcode === 0) return;
  const key = new URL(webhook).searchParams.get('key');
  const errmsg = scrub(typeof body.errmsg === 'string' ? body.errmsg : '', key);
  if (errcode === THROTTLE_ERRCODE || /freq|limit/i.test(errmsg)) {
    throw new WeComError(`${what}: errcode ${errcode} ${errmsg}`.trim(), { code: String(errcode), retryable: true, retryAfterMs: WECOM_WINDOW_MS });
  }
  const hint = errcode === INVALID_WEBHOOK_ERRCODE ? ' (the robot was removed from its group, or the webhook URL is wrong)' : '';
  throw new WeComError(`${what}: errcode ${errcode} ${errmsg}${hint}`.trim(), { code: String(errcode), retryable: false });
}

function scrub(text: string, key: string | null): string {
  return key ? text.split(key).join('***') : text;
}
