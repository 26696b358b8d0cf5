import type { GongContext } from '../../context.js';
import { handleCommand } from '../../interactions/handle-command.js';
import { replyInSession } from './session-reply.js';
import type { RobotMessageEvent } from './stream-events.js';
import type { UserNames } from './user-names.js';

/**
 * Runs a command written to the robot and replies in the group, @-mentioning the writer. The
 * message's msgId is the dedupe key, so a redelivered message does not act twice.
 */
export function answerRobotMessage(gong: GongContext, app: string, names: UserNames): (event: RobotMessageEvent) => Promise<void> {
  return async (event) => {
    names.remember(event.senderStaffId, event.senderNick);
    // Admins read a group's openConversationId here when configuring its chat.
    gong.logger.debug({ conversationId: event.conversationId }, 'DingTalk command');
    const reply = await handleCommand(gong, {
      actor: { platform: 'dingtalk', app, id: event.senderStaffId, name: names.nameOf(event.senderStaffId) },
      text: event.text,
      mentions: event.atStaffIds.map((id) => ({ platform: 'dingtalk' as const, app, id, name: names.nameOf(id) })),
      dedupeKey: event.msgId,
    });
    await replyInSession({
      sessionWebhook: event.sessionWebhook,
      expiresAt: event.sessionWebhookExpiredTime,
      atUserId: event.senderStaffId,
      title: 'Gong',
      markdown: reply,
    });
  };
}
