import type { ActionUrl, AlertView } from '../cards/alert-view.js';
import type { ChannelKind, Notice } from '../cards/channel.js';
import type { ChatConfig } from '../config/schema.js';
import { cardParams } from './dingtalk/card-params.js';
import { actionButtons, alertMarkdown, followUpMarkdown, withActionLinks } from './dingtalk/markdown-card.js';
import { robotKeywords, withKeyword } from './dingtalk/custom-robot.js';
import { noticeMarkdown } from './dingtalk/notice-markdown.js';
import { followUpText, renderLarkCard, withTitleKeyword } from './lark/render-card.js';
import { noticeCard } from './lark/render-notice.js';
import { MARKDOWN_MAX_BYTES } from './wecom/limits.js';
import { alertCard, alertMarkdownMessage, followUpMessage, noticeMessages } from './wecom/render.js';
import type { WeComMessage } from './wecom/robot-client.js';

/** An alert's first message as one platform draws it, for a preview that shows the chat's look. */
export type FirstMessage =
  | { look: 'lark-card'; card: Record<string, unknown> }
  | { look: 'dingtalk-card'; params: Record<string, string> }
  | { look: 'dingtalk-markdown'; title: string; text: string }
  | { look: 'wecom'; message: WeComMessage };

/** What a chat's own settings change in how its messages are drawn: the keywords its custom bot requires. */
export interface ChatFrame {
  keywords?: readonly string[] | undefined;
}

/** How one chat type's messages are drawn: its channel sends exactly these. */
export interface Renderer {
  /**
   * The smallest message the platform accepts, in UTF-8 bytes: a Lark custom bot takes 20 KB
   * (app cards 30 KB), a DingTalk robot message's msgParam 15,000 bytes, a WeCom robot's markdown
   * 4,096 (its template_card is cut to its field sizes in code).
   */
  maxBytes: number;
  /** Every message about one alert, by name: its card and its follow-up, whose links are `actionUrl`'s. */
  alertMessages: Record<string, (view: AlertView, actionUrl: ActionUrl, chat?: ChatFrame) => unknown>;
  /** A notice in this chat type's frame. */
  notice(notice: Notice, chat?: ChatFrame): unknown;
  /** A command's reply, where people write commands (app chats): a Lark reply is a notice card, a DingTalk one markdown after an @. */
  reply?(reply: { title: string; markdown: string }, frame: Pick<Notice, 'mentions' | 'templates'>): unknown;
  /** The alert's card as the chat first gets it, with links that lead nowhere (`actionUrl`). */
  firstMessage(view: AlertView, chat: ChatConfig, actionUrl: ActionUrl): FirstMessage;
}

const LARK_BYTES = 20 * 1024;
const DINGTALK_BYTES = 15_000;

const keywordsOf = (chat: ChatConfig): ChatFrame => ({ keywords: 'keywords' in chat ? chat.keywords : undefined });

const larkWebhookMessages = {
  // Custom bots get link buttons to signed action pages.
  'alert-card': (view: AlertView, actionUrl: ActionUrl, chat?: ChatFrame) => renderLarkCard(withTitleKeyword(view, chat?.keywords), actionUrl),
  'follow-up': (view: AlertView, _actionUrl: ActionUrl, chat?: ChatFrame) => followUpText(view, chat?.keywords),
};

const dingtalkWebhookMessages = {
  'alert-markdown': (view: AlertView, _actionUrl: ActionUrl, chat?: ChatFrame) => alertMarkdown(view, 'dingtalk-webhook', chat?.keywords),
  'follow-up': (view: AlertView, actionUrl: ActionUrl, chat?: ChatFrame) =>
    withActionLinks(followUpMarkdown(view, 'dingtalk-webhook', chat?.keywords), actionButtons(view, actionUrl)),
};

const wecomMessages = {
  'alert-card': (view: AlertView, actionUrl: ActionUrl) => alertCard(view, actionUrl),
  'alert-markdown': (view: AlertView, actionUrl: ActionUrl) => alertMarkdownMessage(view, actionUrl),
  'follow-up': (view: AlertView, actionUrl: ActionUrl) => followUpMessage(view, actionUrl),
};

/**
 * Every chat type's renderer, the one answer to "how does this chat type draw its messages": the
 * channels send what it draws, and the template check, the preview API and the console preview
 * show it.
 */
export const RENDERERS = {
  lark: {
    maxBytes: LARK_BYTES,
    alertMessages: { 'alert-card': (view: AlertView) => renderLarkCard(view) },
    notice: (notice: Notice) => noticeCard(notice, 'lark'),
    reply: (reply, frame) => noticeCard({ kind: 'update', ...reply, ...frame }, 'lark'),
    firstMessage: (view) => ({ look: 'lark-card', card: renderLarkCard(view) }),
  },
  'lark-webhook': {
    maxBytes: LARK_BYTES,
    alertMessages: larkWebhookMessages,
    notice: (notice: Notice, chat?: ChatFrame) => noticeCard(withTitleKeyword(notice, chat?.keywords), 'lark-webhook'),
    firstMessage: (view, chat, actionUrl) => ({ look: 'lark-card', card: larkWebhookMessages['alert-card'](view, actionUrl, keywordsOf(chat)) }),
  },
  dingtalk: {
    maxBytes: DINGTALK_BYTES,
    alertMessages: {
      'card-params': (view: AlertView) => cardParams(view),
      'alert-markdown': (view: AlertView, actionUrl: ActionUrl) => withActionLinks(alertMarkdown(view, 'dingtalk'), actionButtons(view, actionUrl)),
      'follow-up': (view: AlertView, actionUrl: ActionUrl) => withActionLinks(followUpMarkdown(view, 'dingtalk'), actionButtons(view, actionUrl)),
    },
    notice: (notice: Notice) => noticeMarkdown(notice, 'dingtalk'),
    reply: (reply, frame) => ({ title: reply.title, text: `${(frame.mentions ?? []).map((person) => `@${person.dingtalk ?? person.name}`).join(' ')} ${reply.markdown}` }),
    firstMessage: (view) => ({ look: 'dingtalk-card', params: cardParams(view) }),
  },
  'dingtalk-webhook': {
    maxBytes: DINGTALK_BYTES,
    alertMessages: dingtalkWebhookMessages,
    notice: (notice: Notice, chat?: ChatFrame) => {
      const { title, text, at } = noticeMarkdown(notice, 'dingtalk-webhook');
      return { title, text: withKeyword(text, chat?.keywords ?? []), at };
    },
    // A custom robot cannot send template cards: it gets markdown with action links.
    firstMessage: (view, chat, actionUrl) => ({ look: 'dingtalk-markdown', ...dingtalkWebhookMessages['alert-markdown'](view, actionUrl, { keywords: robotKeywords(keywordsOf(chat)) }) }),
  },
  'wecom-webhook': {
    maxBytes: MARKDOWN_MAX_BYTES,
    alertMessages: wecomMessages,
    notice: (notice: Notice) => noticeMessages(notice),
    // A robot posts a text_notice card or markdown, per the chat's format, with action links.
    firstMessage: (view, chat, actionUrl) => ({
      look: 'wecom',
      message: 'format' in chat && chat.format === 'markdown' ? wecomMessages['alert-markdown'](view, actionUrl) : wecomMessages['alert-card'](view, actionUrl),
    }),
  },
} satisfies Record<ChannelKind, Renderer>;
