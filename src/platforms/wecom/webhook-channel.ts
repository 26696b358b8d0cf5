import type { AlertChannel } from '../../cards/channel.js';
import type { ActionUrl } from '../../cards/alert-view.js';
import type { AppStatus } from '../platform-runtime.js';
import { WeComError } from './errors.js';
import { postToRobot, type WeComMessage } from './robot-client.js';
import { RENDERERS } from '../renderers.js';

const draw = RENDERERS['wecom-webhook'];

export interface WeComChat {
  name: string;
  /** The full robot URL; its key is the robot's only credential. */
  webhook: string;
  /** `template_card` (default) or `markdown`, which carries every action link and the labels in full. */
  format?: 'template_card' | 'markdown';
}

export interface WeComChannel extends AlertChannel {
  /** Set while the robot refuses Gong's messages for a reason retries cannot fix. */
  status(): AppStatus | undefined;
}

export interface WeComChannelOptions {
  actionUrl: (alertId: number) => ActionUrl;
  fetch?: typeof fetch;
}

/**
 * A WeCom group robot: one-way, so the alert's actions are signed links, and since a robot cannot
 * edit what it sent, each change is a short follow-up. The delivery layer's budget keeps the
 * robot under its 20 a minute (a throttle answer holds the robot there for a window, and the job
 * retries); a dead key (93000) or any other refusal is permanent and shown on the status.
 */
export function wecomWebhookChannel(chat: WeComChat, options: WeComChannelOptions): WeComChannel {
  const what = `WeCom robot of chat ${chat.name}`;
  let refused: string | undefined;

  const send = async (message: WeComMessage) => {
    try {
      await postToRobot(chat.webhook, message, what, options.fetch);
      refused = undefined;
    } catch (err) {
      if (err instanceof WeComError && !err.retryable) refused = err.message;
      throw err;
    }
  };

  return {
    chat: chat.name,
    kind: 'wecom-webhook',
    async postAlert(view, key) {
      const actionUrl = options.actionUrl(view.id);
      await send(draw.alertMessages[chat.format === 'markdown' ? 'alert-markdown' : 'alert-card'](view, actionUrl));
      // Nothing to update in place later: the key stands in for the message.
      return key;
    },
    async updateAlert(_ref, view) {
      await send(draw.alertMessages['follow-up'](view, options.actionUrl(view.id)));
    },
    async postNotice(notice, key) {
      for (const message of draw.notice(notice)) await send(message);
      return key;
    },
    messagesOf: (notice) => draw.notice(notice).length,
    status: () => (refused === undefined ? undefined : { platform: 'wecom', app: `chat ${chat.name}`, state: 'failed', reason: refused }),
  };
}
