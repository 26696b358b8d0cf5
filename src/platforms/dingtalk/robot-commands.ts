import type { Logger } from 'pino';
import { RENDERERS } from '../renderers.js';
import type { Inbound } from '../transport.js';
import { replyInSession } from './session-reply.js';
import type { RobotMessageEvent } from './stream-events.js';
import type { UserNames } from './user-names.js';

/**
 * Runs a command written to the robot and replies in the group, @-mentioning the writer. The
 * message's msgId is the dedupe key, so a redelivered message does not act twice. `budgetApp`
 * names the app in the reply's budget when there are several (a lone app's chats need not name it).
 */
export function answerRobotMessage(
  inbound: Inbound,
  app: string,
  names: UserNames,
  logger: Logger,
  budgetApp: string | undefined,
): (event: RobotMessageEvent) => Promise<void> {
  return async (event) => {
    names.remember(event.senderStaffId, event.senderNick);
    // Admins read a group's openConversationId here when configuring its chat.
    logger.debug({ conversationId: event.conversationId }, 'DingTalk command');
    await inbound.dispatch({
      kind: 'command',
      platform: 'dingtalk',
      actor: { platform: 'dingtalk', app, id: event.senderStaffId, name: names.nameOf(event.senderStaffId) },
      target: { group: event.conversationId },
      text: event.text,
      mentions: event.atStaffIds.map((id) => ({ platform: 'dingtalk' as const, app, id, name: names.nameOf(id) })),
      dedupeKey: event.msgId,
      respond: (reply) =>
        inbound.budget.reply({ platform: 'dingtalk', group: event.conversationId, app: budgetApp }, () =>
          replyInSession({
            sessionWebhook: event.sessionWebhook,
            expiresAt: event.sessionWebhookExpiredTime,
            atUserId: event.senderStaffId,
            // Drawn by the one renderer of DingTalk app chats, as a notice to the writer.
            message: RENDERERS.dingtalk.reply(reply, { mentions: [{ name: event.senderNick, dingtalk: event.senderStaffId }], templates: reply.templates }),
          }),
        ),
    });
  };
}
