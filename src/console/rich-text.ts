import { escapeHtml } from '../http/html.js';

/**
 * A message with markup in some placeholders (`<code>users:</code>`), the rest of it escaped: the
 * message file keeps the sentence whole, in each language's word order. `fill(marks)` gets one
 * marker per HTML piece, to pass as the placeholder values of `words.t`.
 */
export function richText(pieces: readonly string[], fill: (marks: string[]) => string): string {
  const marks = pieces.map((_, i) => `\uE000${i}\uE001`);
  return escapeHtml(fill(marks)).replace(/\uE000(\d+)\uE001/g, (_, i: string) => pieces[Number(i)] ?? '');
}

/** `<code>text</code>`, escaped. */
export const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
