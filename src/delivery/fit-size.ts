import type { AlertView } from '../cards/alert-view.js';
import type { ChannelKind, Notice } from '../cards/channel.js';

/**
 * The largest message each destination accepts, in UTF-8 bytes: DingTalk card `msgParam`
 * 15,000; DingTalk robot 20,000; Lark card 30 KB; Lark custom bot 20 KB; WeCom markdown 4,096.
 */
export const MAX_MESSAGE_BYTES: Record<ChannelKind, number> = {
  dingtalk: 15_000,
  'dingtalk-webhook': 20_000,
  lark: 30 * 1024,
  'lark-webhook': 20 * 1024,
  // WeCom markdown; its channel also cuts text messages to their own 2,048.
  'wecom-webhook': 4_096,
};

/**
 * Templates wrap the text in markup (JSON card structure, escaped Markdown, action URLs) that can
 * more than double it; the text gets this share of the limit and the markup the rest.
 */
const TEXT_SHARE = 0.4;
const ELLIPSIS = '…';

export const textBudget = (kind: ChannelKind): number => Math.floor(MAX_MESSAGE_BYTES[kind] * TEXT_SHARE);

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Cuts text to at most `max` UTF-8 bytes (ellipsis included) without splitting a character. */
export function truncateBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  const room = max - bytes(ELLIPSIS);
  let out = '';
  let used = 0;
  for (const char of text) {
    const size = bytes(char);
    if (used + size > room) break;
    out += char;
    used += size;
  }
  return out + ELLIPSIS;
}

/**
 * Shortens an alert's free text (description first, then label values, then the title) until
 * the whole view fits `max` bytes: a card is always sent, with the full alert one click away.
 */
export function fitView(view: AlertView, max: number): AlertView {
  // An incident's list of alerts is not counted: each renderer lists as many as its card holds.
  const size = (v: AlertView) => bytes(JSON.stringify({ ...v, incident: undefined }));
  if (size(view) <= max) return view;
  let fitted: AlertView = { ...view, summary: view.summary && truncateBytes(view.summary, Math.max(200, max - size({ ...view, summary: '' }))) };
  if (size(fitted) <= max) return fitted;
  fitted = { ...fitted, summary: fitted.summary && truncateBytes(fitted.summary, 200) };
  fitted = { ...fitted, labels: fitted.labels.map(([k, v]) => [truncateBytes(k, 64), truncateBytes(v, 128)]) };
  if (size(fitted) <= max) return fitted;
  return { ...fitted, title: truncateBytes(fitted.title, 256), labels: fitted.labels.slice(0, 3) };
}

/**
 * Splits a long notice into numbered parts at line breaks (inside a line only when one line is
 * itself too long), each at most `max` bytes of Markdown. Mentions go with the first part only.
 */
export function splitNotice(notice: Notice, max: number): Notice[] {
  if (bytes(notice.markdown) <= max) return [notice];
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current) parts.push(current);
    current = '';
  };
  for (const line of notice.markdown.split('\n')) {
    for (const piece of chunkLine(line, max)) {
      const joined = current ? `${current}\n${piece}` : piece;
      if (bytes(joined) <= max) current = joined;
      else {
        flush();
        current = piece;
      }
    }
  }
  flush();
  return parts.map((markdown, i) => ({
    ...notice,
    title: `${notice.title} (${i + 1}/${parts.length})`,
    markdown,
    ...(i > 0 && { mentions: [] }),
  }));
}

function chunkLine(line: string, max: number): string[] {
  if (bytes(line) <= max) return [line];
  const chunks: string[] = [];
  let current = '';
  for (const char of line) {
    if (bytes(current + char) > max) {
      chunks.push(current);
      current = '';
    }
    current += char;
  }
  return current ? [...chunks, current] : chunks;
}
