import type { AlertView } from '../alert-view.js';
import type { Notice, Person } from '../channel.js';
import { type ActionUrl, actionButtons, alertMarkdown, followUpMarkdown } from '../dingtalk/markdown-card.js';
import { escapeMarkdown, markdownLink, splitBytes, truncate, truncateBytes } from '../markdown.js';
import { strings } from '../strings.js';
import { MARKDOWN_MAX_BYTES, MAX_JUMPS, MAX_ROWS, TEXT_MAX_BYTES } from './limits.js';
import type { TextNoticeCard, WeComMessage } from './robot-client.js';

/*
 * Every WeCom message Gong sends is drawn here, so the template engine can move it into
 * `templates/wecom-webhook/` in one step. The markdown shares the one-way robots' wording
 * (markdown-card.ts), so a WeCom group reads what a DingTalk robot group reads.
 */

/** template_card colours: 0 grey, 2 red, 3 green. */
const SOURCE_COLOUR = { critical: 2, warning: 2, info: 0 } as const;

/**
 * The alert as a text_notice card: facts as rows, the first three actions as jump links (the
 * card holds no more), and a click anywhere on the card opens the first action's page.
 */
export function alertCard(view: AlertView, actionUrl: ActionUrl): WeComMessage {
  const t = strings(view.locale);
  const buttons = actionButtons(view, actionUrl);
  const rows: NonNullable<TextNoticeCard['horizontal_content_list']> = [
    { keyname: t.source, value: view.source },
    { keyname: t.assignee, value: view.assignee ?? t.nobody },
    { keyname: t.started, value: `${view.startedAt} (${view.duration})` },
    ...(view.count > 1 ? [{ keyname: t.count, value: String(view.count) }] : []),
    ...(view.snoozedUntil ? [{ keyname: t.snoozedUntil, value: view.snoozedUntil }] : []),
    ...(view.escalation ? [{ keyname: t.escalation, value: view.escalation }] : []),
    ...view.links.map((link) => ({ keyname: link.title, value: link.title, type: 1 as const, url: link.url })),
  ];
  const labels = view.labels.map(([key, value]) => `${key}=${value}`).join('  ');
  const emoji = view.state === 'resolved' ? '✅' : view.severityEmoji;
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      source: { desc: `Gong · ${view.severityText}`, desc_color: view.state === 'resolved' ? 3 : SOURCE_COLOUR[view.severity] },
      main_title: { title: truncate(`${emoji} #${view.id} ${view.title}`, 60), desc: truncate(view.statusLine, 60) },
      ...(subTitle(view.summary, labels) && { sub_title_text: subTitle(view.summary, labels) }),
      horizontal_content_list: rows.slice(0, MAX_ROWS).map((row) => ({ ...row, keyname: truncate(row.keyname, 20), value: truncate(row.value, 60) })),
      jump_list: buttons.slice(0, MAX_JUMPS).map((button) => ({ type: 1, url: button.url, title: truncate(button.title, 20) })),
      // Every state offers at least one action (a resolved alert: reopen).
      card_action: { type: 1, url: buttons[0]!.url },
    },
  };
}

function subTitle(summary: string | null, labels: string): string {
  return truncateBytes([summary ?? '', labels].filter(Boolean).join('\n'), 600);
}

/** The alert as markdown with every action link, shortened (never the links) to fit 4,096 bytes. */
export function alertMarkdownMessage(view: AlertView, actionUrl: ActionUrl): WeComMessage {
  return markdownWithLinks(alertMarkdown(view).text, view, actionUrl);
}

/** A robot cannot edit what it sent: each change is this short note with the links that apply now. */
export function followUpMessage(view: AlertView, actionUrl: ActionUrl): WeComMessage {
  return markdownWithLinks(followUpMarkdown(view).text, view, actionUrl);
}

function markdownWithLinks(text: string, view: AlertView, actionUrl: ActionUrl): WeComMessage {
  const links = actionButtons(view, actionUrl)
    .map((button) => markdownLink(button.title, button.url))
    .join(' · ');
  const room = MARKDOWN_MAX_BYTES - Buffer.byteLength(links, 'utf8') - 2;
  return { msgtype: 'markdown', markdown: { content: links ? `${truncateBytes(text, room)}\n\n${links}` : truncateBytes(text, MARKDOWN_MAX_BYTES) } };
}

/**
 * A notice as markdown, split into as many messages as its size needs; people with a WeCom
 * userid are @-mentioned with `<@userid>` in the last part. Markdown cannot mention by mobile,
 * so people known only by mobile get one extra text message that does.
 */
export function noticeMessages(notice: Notice): WeComMessage[] {
  const people = notice.mentions ?? [];
  const mentions = people.map(mention).join(' ');
  const parts = splitBytes(`### ${notice.title}\n\n${notice.markdown}${mentions ? `\n\n${mentions}` : ''}`, MARKDOWN_MAX_BYTES);
  const messages: WeComMessage[] = parts.map((content) => ({ msgtype: 'markdown', markdown: { content } }));
  const mobiles = people.flatMap((person) => (!person.wecom && person.mobile ? [person.mobile] : []));
  if (mobiles.length > 0) {
    messages.push({ msgtype: 'text', text: { content: truncateBytes(notice.title, TEXT_MAX_BYTES), mentioned_mobile_list: mobiles } });
  }
  return messages;
}

function mention(person: Person): string {
  return person.wecom ? `<@${person.wecom}>` : `@${escapeMarkdown(person.name)}`;
}
