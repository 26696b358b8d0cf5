import { type Locale, strings } from '../cards/strings.js';
import { escapeHtml } from '../http/html.js';
import { markdownToHtml } from './mini-markdown.js';

/** WeCom's `desc_color`: 0 grey, 1 black, 2 red, 3 green. */
const SOURCE_COLOURS = ['grey', 'black', 'red', 'green'] as const;

/**
 * A group robot message as the WeCom client draws it: a text_notice card (source line, title,
 * rows, jump links, the whole card opening `card_action`), markdown with `<font>` colours and
 * `<@userid>` mentions, or plain text. Read from the message body, whatever code produced it;
 * what the client adds itself ("View details" under a card) is in the chat's `locale`.
 */
export function wecomMessageHtml(msgtype: string, body: Record<string, unknown>, nameOf: (userid: string) => string = (id) => id, locale: Locale = 'zh-CN'): string {
  const payload = (body[msgtype] ?? {}) as Record<string, any>;
  switch (msgtype) {
    case 'template_card':
      return textNoticeHtml(payload, locale);
    case 'markdown':
    case 'markdown_v2':
      return `<div class="wc-md">${wecomMarkdownHtml(String(payload.content ?? ''), nameOf)}</div>`;
    case 'text': {
      const mentioned = [...(payload.mentioned_list ?? []), ...(payload.mentioned_mobile_list ?? [])] as string[];
      const at = mentioned.map((who) => `<span class="at">@${escapeHtml(who === '@all' ? 'all' : nameOf(who))}</span>`).join(' ');
      return `<div class="text">${escapeHtml(String(payload.content ?? '')).replace(/\n/g, '<br>')}${at ? `<br>${at}` : ''}</div>`;
    }
    default:
      return `<div class="text muted">[${escapeHtml(msgtype)} message]</div>`;
  }
}

function textNoticeHtml(card: Record<string, any>, locale: Locale): string {
  // A preview's stand-in URLs are not links: nothing there may look as if it acts.
  const link = (url: unknown, text: string, cls: string) =>
    typeof url === 'string' && /^https?:\/\//.test(url)
      ? `<a class="${cls}" href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(text)}</a>`
      : `<span class="${cls}">${escapeHtml(text)}</span>`;
  const source = card.source?.desc
    ? `<div class="wc-source wc-${SOURCE_COLOURS[Number(card.source.desc_color ?? 0)] ?? 'grey'}">${escapeHtml(card.source.desc)}</div>`
    : '';
  const emphasis = card.emphasis_content?.title
    ? `<div class="wc-emphasis"><b>${escapeHtml(card.emphasis_content.title)}</b><span>${escapeHtml(card.emphasis_content.desc ?? '')}</span></div>`
    : '';
  const rows = ((card.horizontal_content_list ?? []) as Array<Record<string, any>>)
    .map((row) => `<div class="wc-row"><span>${escapeHtml(row.keyname)}</span>${row.type === 1 ? link(row.url, row.value, 'wc-link') : `<span>${escapeHtml(row.value ?? '')}</span>`}</div>`)
    .join('');
  const jumps = ((card.jump_list ?? []) as Array<Record<string, any>>).map((jump) => link(jump.url, jump.title, 'wc-jump')).join('');
  return `<article class="wc-card">${source}
<div class="wc-title">${escapeHtml(card.main_title?.title ?? '')}</div>${card.main_title?.desc ? `<div class="wc-desc">${escapeHtml(card.main_title.desc)}</div>` : ''}
${emphasis}${card.sub_title_text ? `<div class="wc-sub">${escapeHtml(card.sub_title_text).replace(/\n/g, '<br>')}</div>` : ''}
${rows ? `<div class="wc-rows">${rows}</div>` : ''}${jumps ? `<div class="wc-jumps">${jumps}</div>` : ''}
${link(card.card_action?.url, `${strings(locale).viewDetails} ›`, 'wc-action')}</article>`;
}

/** WeCom markdown: Gong's subset plus `> quotes`, `<font color="info|comment|warning">` and `<@userid>`. */
export function wecomMarkdownHtml(markdown: string, nameOf: (userid: string) => string): string {
  // `<@userid>` becomes the `<at>` form the shared renderer already draws as a mention.
  const text = markdown.replace(/<@([^>\s]+)>/g, '<at id="$1"></at>');
  return text
    .split('\n')
    .map((line) => {
      const quote = /^>\s?(.*)$/.exec(line);
      const html = coloured(quote ? quote[1]! : line, nameOf);
      return quote ? `<span class="wc-quote">${html}</span>` : html;
    })
    .join('<br>');
}

function coloured(line: string, nameOf: (userid: string) => string): string {
  let html = '';
  let last = 0;
  for (const match of line.matchAll(/<font color=["']?(info|comment|warning)["']?>(.*?)<\/font>/g)) {
    html += markdownToHtml(line.slice(last, match.index), nameOf);
    html += `<span class="wc-${match[1]}">${markdownToHtml(match[2]!, nameOf)}</span>`;
    last = match.index + match[0].length;
  }
  return html + markdownToHtml(line.slice(last), nameOf);
}
