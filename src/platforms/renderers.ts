import type { ActionUrl, AlertView } from '../cards/alert-view.js';
import type { ChannelKind, Notice } from '../cards/channel.js';
import type { ChatConfig } from '../config/schema.js';
import { cardParams } from './dingtalk/card-params.js';
import { actionButtons, alertMarkdown, followUpMarkdown, withActionLinks } from './dingtalk/markdown-card.js';
import { noticeMarkdown } from './dingtalk/notice-markdown.js';
import { noticeCard } from './lark/app-channel.js';
import { renderLarkCard } from './lark/render-card.js';
import { followUpText } from './lark/webhook-channel.js';
import { MARKDOWN_MAX_BYTES } from './wecom/limits.js';
import { alertCard, alertMarkdownMessage, followUpMessage, noticeMessages } from './wecom/render.js';
import type { WeComMessage } from './wecom/robot-client.js';

/** An alert's first message as one platform draws it, for a preview that shows the chat's look. */
export type FirstMessage =
  | { look: 'lark-card'; card: Record<string, unknown> }
  | { look: 'dingtalk-card'; params: Record<string, string> }
  | { look: 'dingtalk-markdown'; title: string; text: string }
  | { look: 'wecom'; message: WeComMessage };

/** How one chat type's messages are drawn, as its channel sends them. */
export interface Renderer {
  /**
   * The smallest message the platform accepts, in UTF-8 bytes: a Lark custom bot takes 20 KB
   * (app cards 30 KB), a DingTalk robot message's msgParam 15,000 bytes, a WeCom robot's markdown
   * 4,096 (its template_card is cut to its field sizes in code).
   */
  maxBytes: number;
  /** Every message about one alert, by name: its card and its follow-up, whose links are `actionUrl`'s. */
  alertMessages(view: AlertView, actionUrl: ActionUrl): Record<string, unknown>;
  /** A notice in this chat type's frame. */
  notice(notice: Notice): unknown;
  /** A command's reply, where people write commands (app chats): a Lark reply is a notice card, a DingTalk one markdown after an @. */
  reply?(reply: { title: string; markdown: string }, frame: Pick<Notice, 'mentions' | 'templates'>): unknown;
  /** The alert's card as the chat first gets it, with links that lead nowhere (`actionUrl`). */
  firstMessage(view: AlertView, chat: ChatConfig, actionUrl: ActionUrl): FirstMessage;
}

const LARK_BYTES = 20 * 1024;
const DINGTALK_BYTES = 15_000;

/** Every chat type's renderer: the template check, the preview API and the console preview look them up here. */
export const RENDERERS: Record<ChannelKind, Renderer> = {
  lark: {
    maxBytes: LARK_BYTES,
    alertMessages: (view) => ({ 'alert-card': renderLarkCard(view) }),
    notice: (notice) => noticeCard(notice, 'lark'),
    reply: (reply, frame) => noticeCard({ kind: 'update', ...reply, ...frame }, 'lark'),
    firstMessage: (view) => ({ look: 'lark-card', card: renderLarkCard(view) }),
  },
  'lark-webhook': {
    maxBytes: LARK_BYTES,
    alertMessages: (view, actionUrl) => ({ 'alert-card': renderLarkCard(view, actionUrl), 'follow-up': followUpText(view, []) }),
    notice: (notice) => noticeCard(notice, 'lark-webhook'),
    // Custom bots get link buttons to signed action pages.
    firstMessage: (view, _chat, actionUrl) => ({ look: 'lark-card', card: renderLarkCard(view, actionUrl) }),
  },
  dingtalk: {
    maxBytes: DINGTALK_BYTES,
    alertMessages: (view, actionUrl) => ({
      'card-params': cardParams(view),
      'alert-markdown': withActionLinks(alertMarkdown(view, 'dingtalk'), actionButtons(view, actionUrl)),
      'follow-up': withActionLinks(followUpMarkdown(view, 'dingtalk'), actionButtons(view, actionUrl)),
    }),
    notice: (notice) => noticeMarkdown(notice, 'dingtalk'),
    reply: (reply, frame) => ({ title: reply.title, text: `${(frame.mentions ?? []).map((person) => `@${person.dingtalk ?? person.name}`).join(' ')} ${reply.markdown}` }),
    firstMessage: (view) => ({ look: 'dingtalk-card', params: cardParams(view) }),
  },
  'dingtalk-webhook': {
    maxBytes: DINGTALK_BYTES,
    alertMessages: (view, actionUrl) => ({
      'alert-markdown': alertMarkdown(view, 'dingtalk-webhook'),
      'follow-up': withActionLinks(followUpMarkdown(view, 'dingtalk-webhook'), actionButtons(view, actionUrl)),
    }),
    notice: (notice) => noticeMarkdown(notice, 'dingtalk-webhook'),
    // A custom robot cannot send template cards: it gets markdown with action links.
    firstMessage: (view, chat) => ({ look: 'dingtalk-markdown', ...alertMarkdown(view, 'dingtalk-webhook', 'keywords' in chat ? chat.keywords : undefined) }),
  },
  'wecom-webhook': {
    maxBytes: MARKDOWN_MAX_BYTES,
    alertMessages: (view, actionUrl) => ({ 'alert-card': alertCard(view, actionUrl), 'alert-markdown': alertMarkdownMessage(view, actionUrl), 'follow-up': followUpMessage(view, actionUrl) }),
    notice: (notice) => noticeMessages(notice),
    // A robot posts a text_notice card or markdown, per the chat's format, with action links.
    firstMessage: (view, chat, actionUrl) => ({
      look: 'wecom',
      message: 'format' in chat && chat.format === 'markdown' ? alertMarkdownMessage(view, actionUrl) : alertCard(view, actionUrl),
    }),
  },
};
