import { isRecord } from './read-json.js';

/** The answer of the webhook APIs: always HTTP 200, success or not. */
export interface WebhookResult {
  errcode: number;
  errmsg: string;
}

export type ParsedWebhookBody =
  | { ok: true; body: Record<string, unknown>; visibleText: string }
  | { ok: false; result: WebhookResult };

const missing = (what: string): ParsedWebhookBody => ({ ok: false, result: { errcode: 40035, errmsg: `缺少参数 ${what}` } });

function strings(obj: Record<string, unknown>, fields: string[]): string[] | undefined {
  const values = fields.map((f) => obj[f]);
  return values.every((v) => typeof v === 'string' && v !== '') ? (values as string[]) : undefined;
}

/**
 * Validates a custom-robot / sessionWebhook body per msgtype and extracts the text a reader sees,
 * which keyword whitelists are matched against.
 */
export function parseWebhookBody(body: unknown): ParsedWebhookBody {
  if (!isRecord(body)) return missing('json');
  const { msgtype } = body;
  if (typeof msgtype !== 'string') return missing('msgtype');
  const payload = body[msgtype];
  if (!isRecord(payload)) return missing(String(msgtype));
  const need = (fields: string[]): ParsedWebhookBody => {
    const values = strings(payload, fields);
    return values ? { ok: true, body, visibleText: values.join('\n') } : missing(`${msgtype}.${fields.join('/')}`);
  };
  switch (msgtype) {
    case 'text':
      return need(['content']);
    case 'markdown':
      return need(['title', 'text']);
    case 'link':
      return need(['title', 'text', 'messageUrl']);
    case 'actionCard':
      return parseActionCard(body, payload);
    case 'feedCard':
      return parseFeedCard(body, payload);
    default:
      return { ok: false, result: { errcode: 40008, errmsg: '不合法的消息类型' } };
  }
}

function parseActionCard(body: Record<string, unknown>, card: Record<string, unknown>): ParsedWebhookBody {
  const head = strings(card, ['title', 'text']);
  if (!head) return missing('actionCard.title/text');
  if (strings(card, ['singleTitle', 'singleURL'])) {
    return { ok: true, body, visibleText: [...head, card.singleTitle].join('\n') };
  }
  const btns = Array.isArray(card.btns) ? card.btns : [];
  const titles = btns.map((b: unknown) => (isRecord(b) ? strings(b, ['title', 'actionURL'])?.[0] : undefined));
  if (titles.length === 0 || titles.some((t) => t === undefined)) return missing('actionCard.singleTitle/singleURL or btns');
  return { ok: true, body, visibleText: [...head, ...titles].join('\n') };
}

function parseFeedCard(body: Record<string, unknown>, feed: Record<string, unknown>): ParsedWebhookBody {
  const links = Array.isArray(feed.links) ? feed.links : [];
  const titles = links.map((l: unknown) => (isRecord(l) ? strings(l, ['title', 'messageURL', 'picURL'])?.[0] : undefined));
  if (titles.length === 0 || titles.some((t) => t === undefined)) return missing('feedCard.links');
  return { ok: true, body, visibleText: titles.join('\n') };
}

/**
 * The users a reader sees @-mentioned: DingTalk highlights an `at.atUserIds` entry only when the
 * text also contains `@userId`, so a body missing that is silently a message without mention.
 */
export function effectiveMentions(body: Record<string, unknown>, visibleText: string): string[] {
  const at = isRecord(body.at) ? body.at : {};
  const ids = Array.isArray(at.atUserIds) ? at.atUserIds.filter((id): id is string => typeof id === 'string') : [];
  return ids.filter((id) => visibleText.includes(`@${id}`));
}
