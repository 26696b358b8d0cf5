import { randomUUID } from 'node:crypto';
import type { GongContext } from '../context.js';
import { Deferral } from '../db/deferral.js';
import type { ChannelKind } from '../platforms/channel.js';
import { composeNotice } from '../templates/compose.js';
import { describeDeliveryError } from '../shared/describe-error.js';

export type TestResult =
  | { ok: true; chat: string; messageId: string; answer: string }
  /** `retryAfterSeconds` when nothing was sent because the chat's rate budget is used up for now. */
  | { ok: false; chat: string; error: string; retryAfterSeconds?: number };

/**
 * What a robot said when it took the message: its channel returns only after this answer (any
 * other is an error), and a robot gives no message id, so the id is Gong's own key.
 */
const ROBOT_ANSWERS: Record<string, string> = {
  'wecom-webhook': 'errcode 0, ok',
  'dingtalk-webhook': 'errcode 0, ok',
  'lark-webhook': 'code 0, success',
};

/** Whose budget ran out: robots count a minute; app chats count seconds too. */
const BUDGET_OWNERS: Record<ChannelKind, string> = {
  'wecom-webhook': "the robot's per-minute message budget",
  'dingtalk-webhook': "the robot's per-minute message budget",
  'lark-webhook': "the bot's message budget",
  dingtalk: "the app's call budget",
  lark: "the chat's message budget",
};

/**
 * "Send a test message": a notice through the chat's real channel, with the platform's answer.
 * `source` names the monitoring system whose own test notification asked for it.
 */
export async function sendTestMessage(gong: GongContext, chat: string, source?: string): Promise<TestResult> {
  const channel = gong.channels.get(chat);
  if (!channel) return { ok: false, chat, error: 'no running platform app serves this chat (is its app configured?)' };
  try {
    // A fresh key each time: the admin asked for a new message, not a retry of the last one.
    const notice = composeNotice({ kind: 'test', ...(source && { source }) }, gong.chats.look(chat), channel.kind);
    const messageId = await channel.postNotice(notice, `test-${randomUUID()}`);
    return { ok: true, chat, messageId, answer: ROBOT_ANSWERS[channel.kind] ?? `message id ${messageId}` };
  } catch (error) {
    // The budget keeps Gong under the platform's limit; a test now would only be throttled. The
    // admin is told when it fits instead of waiting for it (cards wait their turn in the queue).
    if (error instanceof Deferral) {
      const retryAfterSeconds = Math.max(1, Math.ceil(error.afterMs / 1000));
      return { ok: false, chat, error: `${BUDGET_OWNERS[channel.kind]} is used up; try again in ${retryAfterSeconds} s`, retryAfterSeconds };
    }
    return { ok: false, chat, error: describeDeliveryError(error) };
  }
}
