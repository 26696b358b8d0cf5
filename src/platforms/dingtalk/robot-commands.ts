import type { ChatConfig } from '../../config/schema.js';
import type { GongContext } from '../../context.js';
import type { RateBudget } from '../../delivery/rate-budget.js';
import { sendWithinChatBudget } from '../../delivery/reply-budget.js';
import { handleCommand } from '../../interactions/handle-command.js';
import { composeReply } from '../../templates/compose.js';
import { replyInSession } from './session-reply.js';
import type { RobotMessageEvent } from './stream-events.js';
import type { UserNames } from './user-names.js';

/**
 * Runs a command written to the robot and replies in the group, @-mentioning the writer. The
 * message's msgId is the dedupe key, so a redelivered message does not act twice.
 */
export function answerRobotMessage(
  gong: GongContext,
  app: string,
  names: UserNames,
  reply: { budget: RateBudget; appCount: number },
): (event: RobotMessageEvent) => Promise<void> {
  return async (event) => {
    names.remember(event.senderStaffId, event.senderNick);
    // Admins read a group's openConversationId here when configuring its chat.
    gong.logger.debug({ conversationId: event.conversationId }, 'DingTalk command');
    const body = await handleCommand(gong, {
      actor: { platform: 'dingtalk', app, id: event.senderStaffId, name: names.nameOf(event.senderStaffId) },
      text: event.text,
      mentions: event.atStaffIds.map((id) => ({ platform: 'dingtalk' as const, app, id, name: names.nameOf(id) })),
      dedupeKey: event.msgId,
    });
    // Worded in the group's own template set and language (a chat from the file or the API), else Gong's.
    const configured = gong.chats.ofGroup('dingtalk', event.conversationId);
    const text = composeReply(body, gong.chats.look(configured?.name), 'dingtalk');
    // A group Gong posts nothing to still shares the app's limits: a stand-in chat counts it there.
    const chat: ChatConfig = configured ?? {
      name: `dingtalk:${event.conversationId}`,
      type: 'dingtalk',
      conversationId: event.conversationId,
      ...(reply.appCount > 1 && { app }),
      publish: [],
      dailyStats: [],
    };
    await sendWithinChatBudget(reply.budget, chat, () =>
      replyInSession({
        sessionWebhook: event.sessionWebhook,
        expiresAt: event.sessionWebhookExpiredTime,
        atUserId: event.senderStaffId,
        title: text.title,
        markdown: text.markdown,
      }),
    );
  };
}
