import type { ChatConfig } from '../config/schema.js';
import { buildAlertView, type ViewOptions } from '../cards/alert-view.js';
import type { Locale } from '../cards/strings.js';
import { larkCardHtml } from './render-lark-card.js';
import { escapeHtml } from '../http/html.js';
import { type FirstMessage, RENDERERS } from '../platforms/renderers.js';
import { sampleAlert } from '../templates/sample-alert.js';
import { markdownToHtml } from './mini-markdown.js';
import { dingtalkCardHtml } from './render-dingtalk-card.js';
import { wecomMessageHtml } from './render-wecom-message.js';

/** How the console draws each platform's message, as the chat would show it (no button acts). */
const DRAW: { [L in FirstMessage['look']]: (message: Extract<FirstMessage, { look: L }>, locale: Locale) => string } = {
  'lark-card': ({ card }) => larkCardHtml(card, { interactive: false }),
  'dingtalk-card': ({ params }, locale) => dingtalkCardHtml(params, false, locale),
  'dingtalk-markdown': ({ title, text }) => `<article class="dt-card"><div class="dt-title">${escapeHtml(title)}</div><div class="dt-md">${markdownToHtml(text)}</div></article>`,
  wecom: ({ message }, locale) => wecomMessageHtml(message.msgtype, message as unknown as Record<string, unknown>, undefined, locale),
};

/** The sample alert's card, rendered by the same code that renders it for the chat's platform. */
export function previewHtml(look: ViewOptions, chat: ChatConfig): string {
  // The templates' sample, started a few minutes ago so the duration reads as it would at 3 a.m.
  const startsAt = new Date(Date.now() - 12 * 60_000);
  const view = buildAlertView(sampleAlert({ startsAt, openedAt: startsAt, lastSeenAt: new Date() }), look);
  // Links to signed action pages: a preview must not mint real ones.
  const message = RENDERERS[chat.type].firstMessage(view, chat, () => '#preview');
  return (DRAW[message.look] as (message: FirstMessage, locale: Locale) => string)(message, look.locale);
}
