import { DingTalkError } from './errors.js';
import { postWebhook } from './webhook-post.js';

export interface SessionReply {
  sessionWebhook: string;
  /** `sessionWebhookExpiredTime` of the message being answered (ms since epoch). */
  expiresAt: number;
  /** The staff userId to @-mention: the person who wrote the command. */
  atUserId: string;
  /** The reply as the DingTalk renderer draws it (`RENDERERS.dingtalk.reply`), `@userId` already in its text. */
  message: { title: string; text: string };
}

/**
 * Replies in the group through the sessionWebhook of a message, as markdown @-mentioning its
 * author. DingTalk highlights the mention only when the text also contains `@userId`, which the
 * renderer writes.
 */
export async function replyInSession(
  reply: SessionReply,
  options: { fetch?: typeof fetch; now?: () => number; timeoutMs?: number } = {},
): Promise<void> {
  if ((options.now ?? Date.now)() >= reply.expiresAt) {
    throw new DingTalkError('DingTalk sessionWebhook expired', { code: 'sessionExpired', retryable: false });
  }
  await postWebhook(
    reply.sessionWebhook,
    {
      msgtype: 'markdown',
      markdown: reply.message,
      at: { atUserIds: [reply.atUserId] },
    },
    'DingTalk sessionWebhook',
    options.fetch ?? fetch,
    options.timeoutMs ?? 10_000,
  );
}
