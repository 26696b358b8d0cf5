import { clipText } from '../shared/storable-text.js';

/**
 * Label values come from monitoring systems, not from us: escape everything a chat's Markdown
 * would interpret (emphasis, links, mention tags) so a value can never change the card.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[&<>*_~`[\]()#|\\]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A link only when the URL is plain http(s); anything else is shown as text. */
export function markdownLink(title: string, url: string): string {
  return /^https?:\/\/[^\s()<>]+$/.test(url) ? `[${escapeMarkdown(title)}](${url})` : escapeMarkdown(title);
}

/** Cuts text to at most `max` characters, marking the cut (never inside a surrogate pair). */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${clipText(text, max - 1)}…`;
}

/** Cuts text to at most `max` UTF-8 bytes (platforms count bytes, and CJK takes three), marking the cut. */
export function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  // A character cut in half decodes as U+FFFD: drop it with the rest of the tail.
  const head = Buffer.from(text, 'utf8').subarray(0, Math.max(0, max - 3)).toString('utf8').replace(/\uFFFD+$/, '');
  return `${head}…`;
}

/** Splits text into parts of at most `max` UTF-8 bytes, between lines where it can. */
export function splitBytes(text: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (Buffer.byteLength(joined, 'utf8') <= max) {
      current = joined;
      continue;
    }
    if (current !== '') parts.push(current);
    current = line;
    // A single line longer than a part is cut at byte boundaries that keep characters whole.
    while (Buffer.byteLength(current, 'utf8') > max) {
      const head = Buffer.from(current, 'utf8').subarray(0, max).toString('utf8').replace(/\uFFFD+$/, '');
      parts.push(head);
      current = current.slice(head.length);
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}
