import type { AlertChannel } from '../../cards/channel.js';
import type { AppStatus } from '../platform-runtime.js';
import { CustomRobot, robotKeywords } from './custom-robot.js';
import { DingTalkError } from './errors.js';
import type { ActionUrl } from '../../cards/alert-view.js';
import { actionButtons } from './markdown-card.js';
import type { WebhookMessage } from './webhook-post.js';
import { RENDERERS } from '../renderers.js';

const draw = RENDERERS['dingtalk-webhook'];

export interface WebhookChat {
  name: string;
  webhook: string;
  secret?: string;
  keywords?: string[];
}

export interface WebhookChannel extends AlertChannel {
  /** Set while the robot refuses Gong's messages for a reason retries cannot fix. */
  status(): AppStatus | undefined;
}

/**
 * A custom (webhook) robot: one-way, so the alert is an actionCard whose buttons open signed
 * action pages, and each later change is a short markdown follow-up with the links that apply now. A refused keyword, signature
 * or token (310000, 300005) is permanent and shown on the status; throttles are retried.
 */
export function dingtalkWebhookChannel(chat: WebhookChat, actionUrl: (alertId: number) => ActionUrl): WebhookChannel {
  const robot = new CustomRobot({ webhook: chat.webhook, ...(chat.secret && { secret: chat.secret }) });
  const frame = { keywords: robotKeywords(chat) };
  let refused: string | undefined;

  const send = async (message: WebhookMessage) => {
    try {
      await robot.send(message);
      refused = undefined;
    } catch (err) {
      if (err instanceof DingTalkError && !err.retryable) refused = err.message;
      throw err;
    }
  };

  return {
    chat: chat.name,
    kind: 'dingtalk-webhook',
    async postAlert(view, key) {
      const links = actionUrl(view.id);
      const { title, text } = draw.alertMessages['alert-markdown'](view, links, frame);
      const btns = actionButtons(view, links).map((button) => ({ title: button.title, actionURL: button.url }));
      await send({ msgtype: 'actionCard', actionCard: { title, text, btns, btnOrientation: '1' } });
      // Nothing to update in place later: the key stands in for the message.
      return key;
    },
    async updateAlert(_ref, view) {
      await send({ msgtype: 'markdown', markdown: draw.alertMessages['follow-up'](view, actionUrl(view.id), frame) });
    },
    async postNotice(notice, key) {
      const { title, text, at } = draw.notice(notice, frame);
      await send({ msgtype: 'markdown', markdown: { title, text }, at });
      return key;
    },
    status: () => (refused === undefined ? undefined : { platform: 'dingtalk', app: `chat ${chat.name}`, state: 'failed', reason: refused }),
  };
}
