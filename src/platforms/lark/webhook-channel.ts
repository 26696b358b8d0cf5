import type { AlertView } from '../../cards/alert-view.js';
import type { AppStatus } from '../platform-runtime.js';
import type { AlertChannel } from '../../cards/channel.js';
import { CustomBotError, type CustomBotMessage, sendCustomBot, withKeyword as ensureKeyword } from './custom-bot.js';
import { noticeCard } from './app-channel.js';
import type { ActionUrl } from '../../cards/alert-view.js';
import { renderLarkCard } from './render-card.js';
import { alertData } from '../../templates/alert-data.js';
import { choiceOf } from '../../templates/compose.js';
import { renderText } from '../../templates/render.js';
import { loadTemplate } from '../../templates/template-files.js';

export interface LarkWebhookChat {
  name: string;
  webhook: string;
  secret?: string;
  keywords?: string[];
}

export interface LarkWebhookChannel extends AlertChannel {
  /** Set while the bot refuses Gong's messages for a reason retries cannot fix (signature, keyword, IP). */
  status(): AppStatus | undefined;
}

/**
 * A Lark custom bot: one-way, so card buttons open Gong's signed action pages, and since a bot
 * cannot edit what it sent, each change is a short follow-up message. `actionUrl` signs them.
 */
export function larkWebhookChannel(chat: LarkWebhookChat, actionUrl: (alertId: number) => ActionUrl): LarkWebhookChannel {
  const target = { webhook: chat.webhook, ...(chat.secret && { secret: chat.secret }), ...(chat.keywords && { keywords: chat.keywords }) };
  const keyword = chat.keywords?.[0];
  // A keyword-guarded bot drops messages that lack one; the title is where people expect it.
  const withKeyword = (view: AlertView): AlertView =>
    keyword && !view.title.includes(keyword) ? { ...view, title: `${keyword} ${view.title}` } : view;
  let refused: string | undefined;
  const send = async (message: CustomBotMessage) => {
    try {
      await sendCustomBot(target, message);
      refused = undefined;
    } catch (err) {
      if (err instanceof CustomBotError && !err.retryable) refused = err.message;
      throw err;
    }
  };

  return {
    chat: chat.name,
    kind: 'lark-webhook',
    async postAlert(view, idempotencyKey) {
      await send({ msg_type: 'interactive', card: renderLarkCard(withKeyword(view), actionUrl(view.id)) });
      return idempotencyKey;
    },
    async updateAlert(_ref, view) {
      await send({ msg_type: 'text', content: { text: followUpText(view, chat.keywords) } });
    },
    async postNotice(notice, idempotencyKey) {
      const title = keyword && !notice.title.includes(keyword) ? `${keyword} ${notice.title}` : notice.title;
      await send({ msg_type: 'interactive', card: noticeCard({ ...notice, title }, 'lark-webhook') });
      return idempotencyKey;
    },
    status: () => (refused === undefined ? undefined : { platform: 'lark', app: `chat ${chat.name}`, state: 'failed', reason: refused }),
  };
}

/** A bot cannot edit its card: each change is this text (`lark-webhook/…/follow-up.txt`), with a keyword the bot needs. */
export function followUpText(view: AlertView, keywords: readonly string[] | undefined): string {
  return ensureKeyword(renderText(loadTemplate(choiceOf(view, 'lark-webhook'), 'follow-up.txt'), alertData(view)), keywords);
}
