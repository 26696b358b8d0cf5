import type { AppStatus } from '../platform-runtime.js';
import type { AlertChannel } from '../../cards/channel.js';
import { CustomBotError, type CustomBotMessage, sendCustomBot } from './custom-bot.js';
import type { ActionUrl } from '../../cards/alert-view.js';
import { RENDERERS } from '../renderers.js';

const draw = RENDERERS['lark-webhook'];

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
      await send({ msg_type: 'interactive', card: draw.alertMessages['alert-card'](view, actionUrl(view.id), chat) });
      return idempotencyKey;
    },
    async updateAlert(_ref, view) {
      await send({ msg_type: 'text', content: { text: draw.alertMessages['follow-up'](view, actionUrl(view.id), chat) } });
    },
    async postNotice(notice, idempotencyKey) {
      await send({ msg_type: 'interactive', card: draw.notice(notice, chat) });
      return idempotencyKey;
    },
    status: () => (refused === undefined ? undefined : { platform: 'lark', app: `chat ${chat.name}`, state: 'failed', reason: refused }),
  };
}
