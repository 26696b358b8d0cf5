import { parseJson } from './http.js';

export const CARD_MAX_BYTES = 30 * 1024;

export type CardCheck =
  | { ok: true; card: Record<string, unknown>; shared: boolean }
  | { ok: false; code: number; msg: string };

const invalid = (detail: string): CardCheck => ({ ok: false, code: 230099, msg: `Failed to create card content, ext=${detail}` });

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A button needs a text label; a 1.0 `value` and 2.0 `behaviors` must have the documented shape. */
function checkButton(b: Record<string, unknown>, schema2: boolean): string | undefined {
  const text = b.text;
  if (!isObject(text) || typeof text.content !== 'string' || !['plain_text', 'lark_md'].includes(String(text.tag))) {
    return 'button.text must be {tag: plain_text|lark_md, content}';
  }
  if (b.value !== undefined && !isObject(b.value)) return 'button.value must be an object';
  if (schema2 && b.behaviors !== undefined) {
    if (!Array.isArray(b.behaviors) || !b.behaviors.every((x) => isObject(x) && typeof x.type === 'string')) {
      return 'button.behaviors must be [{type, ...}]';
    }
  }
  return undefined;
}

/** Walks every nested element, since buttons sit inside `action`, columns and forms. */
function checkElements(node: unknown, schema2: boolean): string | undefined {
  if (Array.isArray(node)) {
    for (const n of node) {
      const e = checkElements(n, schema2);
      if (e) return e;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if (node.tag === 'button') {
    const e = checkButton(node, schema2);
    if (e) return e;
  }
  if (node.tag === 'action' && !Array.isArray(node.actions)) return 'action.actions must be an array';
  for (const [k, v] of Object.entries(node)) {
    if (k === 'value' || k === 'behaviors') continue; // user payloads, not card structure
    const e = checkElements(v, schema2);
    if (e) return e;
  }
  return undefined;
}

/**
 * Validates card JSON the way the IM service does before storing it: parseable, a body of
 * elements, well-formed buttons, ≤ 30 KB. `shared` is whether it may later be PATCHed.
 */
export function checkCard(content: string): CardCheck {
  if (Buffer.byteLength(content) > CARD_MAX_BYTES) {
    return { ok: false, code: 230025, msg: 'The length of the message content reaches its limit.' };
  }
  const card = parseJson(content);
  if (!card) return invalid('card content is not a JSON object');
  const schema2 = card.schema === '2.0';
  const elements = schema2 ? (isObject(card.body) ? card.body.elements : undefined) : card.elements;
  if (!Array.isArray(elements)) return invalid(schema2 ? 'schema 2.0 card needs body.elements' : 'card needs elements');
  const err = checkElements(elements, schema2);
  if (err) return invalid(err);
  const config = isObject(card.config) ? card.config : {};
  // Cards in JSON 2.0 are always shared; 1.0 cards only when they say so.
  return { ok: true, card, shared: schema2 || config.update_multi === true };
}
