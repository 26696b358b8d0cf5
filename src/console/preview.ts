import type { ChatConfig } from '../config/schema.js';
import { buildAlertView, type ViewOptions } from '../platforms/alert-view.js';
import { renderLarkCard } from '../platforms/lark/render-card.js';
import { larkCardHtml } from './render-lark-card.js';
import { cardParams } from '../platforms/dingtalk/card-params.js';
import { alertMarkdown } from '../platforms/dingtalk/markdown-card.js';
import { alertCard, alertMarkdownMessage } from '../platforms/wecom/render.js';
import { escapeHtml } from '../http/html.js';
import { sampleAlert } from '../templates/sample-alert.js';
import { markdownToHtml } from './mini-markdown.js';
import { dingtalkCardHtml } from './render-dingtalk-card.js';
import { wecomMessageHtml } from './render-wecom-message.js';

/** The sample alert's card in the chat's look, rendered by the same code that renders it for the chat's platform. */
export function previewHtml(look: ViewOptions, chat: ChatConfig): string {
  // The templates' sample, started a few minutes ago so the duration reads as it would at 3 a.m.
  const startsAt = new Date(Date.now() - 12 * 60_000);
  const view = buildAlertView(sampleAlert({ startsAt, openedAt: startsAt, lastSeenAt: new Date() }), look);
  switch (chat.type) {
    case 'lark':
      return larkCardHtml(renderLarkCard(view), { interactive: false });
    case 'lark-webhook':
      // Custom bots get link buttons to signed action pages; a preview must not mint real ones.
      return larkCardHtml(renderLarkCard(view, () => '#preview'), { interactive: false });
    case 'dingtalk':
      return dingtalkCardHtml(cardParams(view), false);
    case 'dingtalk-webhook': {
      // A custom robot cannot send template cards: it gets markdown with action links.
      const { title, text } = alertMarkdown(view, 'dingtalk-webhook', chat.keywords);
      return `<article class="dt-card"><div class="dt-title">${escapeHtml(title)}</div><div class="dt-md">${markdownToHtml(text)}</div></article>`;
    }
    case 'wecom-webhook': {
      // A robot posts a text_notice card or markdown, per the chat's format, with action links.
      const message = chat.format === 'markdown' ? alertMarkdownMessage(view, () => '#preview') : alertCard(view, () => '#preview');
      return wecomMessageHtml(message.msgtype, message as unknown as Record<string, unknown>);
    }
  }
}
