import type { AlertChannel } from '../channel.js';
import type { ActionUrl } from '../dingtalk/markdown-card.js';
import type { AppStatus } from '../platform-runtime.js';
import { WeComError } from './errors.js';
import type { RobotPacer } from './pacer.js';
import { alertCard, alertMarkdownMessage, followUpMessage, noticeMessages } from './render.js';
import { postToRobot, type WeComMessage } from './robot-client.js';

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
  /** Shared by every chat posting through the same robot. */
  pacer: RobotPacer;
  fetch?: typeof fetch;
}

/**
 * A WeCom group robot: one-way, so the alert's actions are signed links, and since a robot cannot
 * edit what it sent, each change is a short follow-up. Every message waits for the robot's
 * per-minute budget; a throttle answer holds the robot for a window and is retried by the job,
 * a dead key (93000) or any other refusal is permanent and shown on the status.
 */
export function wecomWebhookChannel(chat: WeComChat, options: WeComChannelOptions): WeComChannel {
  const what = `WeCom robot of chat ${chat.name}`;
  let refused: string | undefined;

  const send = async (message: WeComMessage) => {
    try {
      await options.pacer.run(() => postToRobot(chat.webhook, message, what, options.fetch));
      refused = undefined;
    } catch (err) {
      if (err instanceof WeComError && err.retryAfterMs !== undefined) options.pacer.block();
      if (err instanceof WeComError && !err.retryable) refused = err.message;
      throw err;
    }
  };

  return {
    chat: chat.name,
    kind: 'wecom-webhook',
    async postAlert(view, key) {
      const actionUrl = options.actionUrl(view.id);
      await send(chat.format === 'markdown' ? alertMarkdownMessage(view, actionUrl) : alertCard(view, actionUrl));
      // Nothing to update in place later: the key stands in for the message.
      return key;
    },
    async updateAlert(_ref, view) {
      await send(followUpMessage(view, options.actionUrl(view.id)));
    },
    async postNotice(notice, key) {
      for (const message of noticeMessages(notice)) await send(message);
      return key;
    },
    status: () => (refused === undefined ? undefined : { platform: 'wecom', app: `chat ${chat.name}`, state: 'failed', reason: refused }),
  };
}
