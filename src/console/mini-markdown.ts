import { escapeHtml } from '../http/html.js';

const INLINE = /\*\*(.+?)\*\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|`([^`]+)`|<at id=["']?([^"'>\s]*)["']?><\/at>/g;

/**
 * The Markdown chat cards use (bold, links, code, Lark's `<at>`), as HTML — for the sandbox's
 * groups and the console's previews. Gong escapes card text as numeric entities (`&#42;`), so
 * those become the characters they stand for; everything else is escaped, never trusted.
 */
export function markdownToHtml(markdown: string, nameOf: (openId: string) => string = (id) => id): string {
  return markdown
    .split('\n')
    .map((line) => {
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      return heading ? `<strong>${inline(heading[1]!, nameOf)}</strong>` : inline(line, nameOf);
    })
    .join('<br>');
}

function inline(text: string, nameOf: (openId: string) => string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    html += plain(text.slice(last, match.index));
    const [, bold, linkText, url, code, at] = match;
    if (bold !== undefined) html += `<strong>${inline(bold, nameOf)}</strong>`;
    else if (linkText !== undefined) html += `<a href="${escapeHtml(url!)}" target="_blank" rel="noopener noreferrer">${plain(linkText)}</a>`;
    else if (code !== undefined) html += `<code>${plain(code)}</code>`;
    else html += `<span class="at">@${escapeHtml(nameOf(at ?? ''))}</span>`;
    last = match.index + match[0].length;
  }
  return html + plain(text.slice(last));
}

function plain(text: string): string {
  return escapeHtml(text.replace(/&#(\d{1,6});/g, (_, code: string) => String.fromCodePoint(Number(code))));
}
