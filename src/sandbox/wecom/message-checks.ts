import { isRecord } from '../dingtalk/read-json.js';

/** What the robot answers: always HTTP 200, `errcode` 0 or not. */
export interface RobotResult {
  errcode: number;
  errmsg: string;
}

export type CheckedMessage =
  | { ok: true; msgtype: string; body: Record<string, unknown>; mentioned: string[] }
  | { ok: false; result: RobotResult };

// Written from the protocol notes, not from Gong's renderer: a fake sharing the client's limits
// could not catch the client exceeding them.
const TEXT_MAX_BYTES = 2048;
const MARKDOWN_MAX_BYTES = 4096;
const MAX_ARTICLES = 8;
const MAX_JUMPS = 3;
const MAX_HORIZONTAL = 6;

const invalid = (errmsg: string): CheckedMessage => ({ ok: false, result: { errcode: 40058, errmsg } });
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Checks a webhook body the way the robot does, and lists whom the message really @-mentions. */
export function checkMessage(body: unknown): CheckedMessage {
  if (!isRecord(body) || typeof body.msgtype !== 'string') return { ok: false, result: { errcode: 40008, errmsg: 'invalid message type' } };
  const { msgtype } = body;
  const payload = body[msgtype];
  if (!isRecord(payload)) return invalid(`missing ${msgtype}`);
  const accept = (mentioned: string[] = []): CheckedMessage => ({ ok: true, msgtype, body, mentioned });
  switch (msgtype) {
    case 'text': {
      const content = payload.content;
      if (typeof content !== 'string' || content === '') return { ok: false, result: { errcode: 44004, errmsg: 'empty content' } };
      if (bytes(content) > TEXT_MAX_BYTES) return invalid(`text.content exceed max length ${TEXT_MAX_BYTES}`);
      return accept([...stringList(payload.mentioned_list), ...stringList(payload.mentioned_mobile_list)]);
    }
    case 'markdown':
    case 'markdown_v2': {
      const content = payload.content;
      if (typeof content !== 'string' || content === '') return { ok: false, result: { errcode: 44004, errmsg: 'empty content' } };
      if (bytes(content) > MARKDOWN_MAX_BYTES) return invalid(`${msgtype}.content exceed max length ${MARKDOWN_MAX_BYTES}`);
      // `<@userid>` mentions only in markdown (v1); v2 shows the tag as text.
      return accept(msgtype === 'markdown' ? [...content.matchAll(/<@([^>\s]+)>/g)].map((m) => m[1]!) : []);
    }
    case 'news': {
      const articles = Array.isArray(payload.articles) ? payload.articles : [];
      if (articles.length < 1 || articles.length > MAX_ARTICLES) return invalid(`news.articles must hold 1 to ${MAX_ARTICLES}`);
      if (!articles.every((a) => isRecord(a) && typeof a.title === 'string' && typeof a.url === 'string')) return invalid('news.articles need title and url');
      return accept();
    }
    case 'template_card':
      return checkTextNotice(payload) ?? accept();
    default:
      return { ok: false, result: { errcode: 40008, errmsg: 'invalid message type' } };
  }
}

/** `template_card` of `card_type: text_notice`: the only card a group robot can send without an app. */
function checkTextNotice(card: Record<string, unknown>): CheckedMessage | undefined {
  if (card.card_type !== 'text_notice') return invalid('template_card.card_type must be text_notice');
  const title = isRecord(card.main_title) ? card.main_title.title : undefined;
  if (typeof title !== 'string' && typeof card.sub_title_text !== 'string') return invalid('template_card needs main_title.title or sub_title_text');
  if (!isLink(card.card_action)) return invalid('template_card.card_action needs type 1 and an http(s) url');
  const jumps = card.jump_list === undefined ? [] : card.jump_list;
  if (!Array.isArray(jumps) || jumps.length > MAX_JUMPS) return invalid(`template_card.jump_list holds at most ${MAX_JUMPS}`);
  if (!jumps.every((jump) => isLink(jump) && typeof jump.title === 'string' && jump.title !== '')) return invalid('template_card.jump_list items need type 1, url and title');
  const rows = card.horizontal_content_list === undefined ? [] : card.horizontal_content_list;
  if (!Array.isArray(rows) || rows.length > MAX_HORIZONTAL) return invalid(`template_card.horizontal_content_list holds at most ${MAX_HORIZONTAL}`);
  const rowOk = (row: unknown) => isRecord(row) && typeof row.keyname === 'string' && (row.type === 1 ? isLink(row) : row.type === undefined || row.type === 0);
  if (!rows.every(rowOk)) return invalid('template_card.horizontal_content_list items need keyname (and url when type is 1)');
  return undefined;
}

function isLink(value: unknown): value is Record<string, unknown> & { type: 1; url: string } {
  return isRecord(value) && value.type === 1 && typeof value.url === 'string' && /^https?:\/\//.test(value.url);
}
