import type { ActionUrl, AlertView } from '../../cards/alert-view.js';
import type { Notice, Person } from '../../cards/channel.js';
import { actionButtons, alertMarkdown, followUpMarkdown } from '../dingtalk/markdown-card.js';
import { escapeMarkdown, markdownLink, splitBytes, truncate, truncateBytes } from '../../cards/markdown.js';
import { z } from 'zod';
import { describeIssue } from '../../shared/describe-issue.js';
import { alertData } from '../../templates/alert-data.js';
import { choiceOf } from '../../templates/compose.js';
import { noticeData } from '../../templates/notice-data.js';
import { renderJson, renderMarkdown } from '../../templates/render.js';
import { TemplateError } from '../../templates/template-error.js';
import { type LoadedTemplate, loadTemplate } from '../../templates/template-files.js';
import { drawWithFittingAlerts } from '../../cards/fit-alert-list.js';
import { MARKDOWN_MAX_BYTES, MAX_JUMPS, MAX_ROWS, SUB_TITLE_BYTES, TEXT_MAX_BYTES } from './limits.js';
import type { WeComMessage } from './robot-client.js';

/*
 * What a WeCom message says comes from `templates/wecom-webhook/` (alert-card.json for the
 * template_card, the Markdown files for the rest); the links that act, WeCom's size limits and
 * splitting stay here, so no template can add an action or outgrow what a robot accepts.
 */

/** The template_card fields a template may fill; Gong adds jump_list and card_action itself. */
const cardContent = z.object({
  source: z.object({ desc: z.string(), desc_color: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]).optional() }).optional(),
  main_title: z.object({ title: z.string(), desc: z.string().optional() }),
  emphasis_content: z.object({ title: z.string(), desc: z.string().optional() }).optional(),
  sub_title_text: z.string().optional(),
  horizontal_content_list: z
    .array(z.object({ keyname: z.string().min(1), value: z.string(), type: z.literal(1).optional(), url: z.string().optional() }))
    .optional(),
});

/**
 * The alert as a text_notice card: facts as rows, the first three actions as jump links (the
 * card holds no more), and a click anywhere on the card opens the first action's page.
 */
export function alertCard(view: AlertView, actionUrl: ActionUrl): WeComMessage {
  const template = loadTemplate(choiceOf(view, 'wecom-webhook'), 'alert-card.json');
  // An incident's alerts are listed in the sub-title, as many as it holds whole.
  const card = drawWithFittingAlerts(view, (fitted) => cardOf(template, fitted), (drawn) => Buffer.byteLength(drawn.sub_title_text?.trim() ?? '', 'utf8') <= SUB_TITLE_BYTES);
  const buttons = actionButtons(view, actionUrl);
  const rows = (card.horizontal_content_list ?? []).filter((row) => row.type !== 1 || /^https?:\/\//.test(row.url ?? ''));
  const subTitle = card.sub_title_text && truncateBytes(card.sub_title_text.trim(), SUB_TITLE_BYTES);
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      ...(card.source && { source: { ...card.source, desc: truncate(card.source.desc, 30) } }),
      main_title: { title: truncate(card.main_title.title, 60), ...(card.main_title.desc && { desc: truncate(card.main_title.desc, 60) }) },
      ...(card.emphasis_content && { emphasis_content: { title: truncate(card.emphasis_content.title, 20), ...(card.emphasis_content.desc && { desc: truncate(card.emphasis_content.desc, 30) }) } }),
      ...(subTitle && { sub_title_text: subTitle }),
      horizontal_content_list: rows.slice(0, MAX_ROWS).map((row) => ({ ...row, keyname: truncate(row.keyname, 20), value: truncate(row.value, 60) })),
      jump_list: buttons.slice(0, MAX_JUMPS).map((button) => ({ type: 1, url: button.url, title: truncate(button.title, 20) })),
      // Every state offers at least one action (a resolved alert: reopen).
      card_action: { type: 1, url: buttons[0]!.url },
    },
  };
}

function cardOf(template: LoadedTemplate, view: AlertView): z.output<typeof cardContent> {
  const parsed = cardContent.safeParse(renderJson(template, alertData(view)));
  if (!parsed.success) throw new TemplateError(template.name, `not a text_notice card: ${describeIssue(parsed.error.issues[0])}`);
  return parsed.data;
}

/**
 * The alert as markdown with every action link, shortened (never the links) to fit 4,096 bytes;
 * an incident's lists as many of its alerts as fit whole, so "+ N more" is never cut off.
 */
export function alertMarkdownMessage(view: AlertView, actionUrl: ActionUrl): WeComMessage {
  const links = linkLine(view, actionUrl);
  return markdownWithLinks(alertMarkdown(view, 'wecom-webhook', [], roomBeside(links)).text, links);
}

/** A robot cannot edit what it sent: each change is this short note with the links that apply now. */
export function followUpMessage(view: AlertView, actionUrl: ActionUrl): WeComMessage {
  return markdownWithLinks(followUpMarkdown(view, 'wecom-webhook').text, linkLine(view, actionUrl));
}

function linkLine(view: AlertView, actionUrl: ActionUrl): string {
  return actionButtons(view, actionUrl)
    .map((button) => markdownLink(button.title, button.url))
    .join(' · ');
}

/** What the text may take of a message that ends with `links`. */
const roomBeside = (links: string): number => (links ? MARKDOWN_MAX_BYTES - Buffer.byteLength(links, 'utf8') - 2 : MARKDOWN_MAX_BYTES);

function markdownWithLinks(text: string, links: string): WeComMessage {
  const room = roomBeside(links);
  return { msgtype: 'markdown', markdown: { content: links ? `${truncateBytes(text, room)}\n\n${links}` : truncateBytes(text, room) } };
}

/**
 * A notice as markdown, split into as many messages as its size needs; people with a WeCom
 * userid are @-mentioned with `<@userid>` in the last part. Markdown cannot mention by mobile,
 * so people known only by mobile get one extra text message that does.
 */
export function noticeMessages(notice: Notice): WeComMessage[] {
  const people = notice.mentions ?? [];
  const mentions = people.map(mention).join(' ');
  const template = loadTemplate({ locale: 'zh-CN', ...notice.templates, kind: 'wecom-webhook' }, 'notice.md');
  const parts = splitBytes(renderMarkdown(template, noticeData(notice, mentions)), MARKDOWN_MAX_BYTES);
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
