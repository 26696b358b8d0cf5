import { randomUUID } from 'node:crypto';
import type { GongContext } from '../context.js';
import { describeDeliveryError } from './delivery-status.js';

export type TestResult = { ok: true; chat: string; messageId: string; answer: string } | { ok: false; chat: string; error: string };

/**
 * What a robot said when it took the message: its channel returns only after this answer (any
 * other is an error), and a robot gives no message id, so the id is Gong's own key.
 */
const ROBOT_ANSWERS: Record<string, string> = {
  'wecom-webhook': 'errcode 0, ok',
  'dingtalk-webhook': 'errcode 0, ok',
  'lark-webhook': 'code 0, success',
};

/** "Send a test message": a notice through the chat's real channel, with the platform's answer. */
export async function sendTestMessage(gong: GongContext, chat: string): Promise<TestResult> {
  const channel = gong.channels.get(chat);
  if (!channel) return { ok: false, chat, error: 'no running platform app serves this chat (is its app configured?)' };
  const t = gong.config.locale === 'en' ? EN : ZH;
  try {
    // A fresh key each time: the admin asked for a new message, not a retry of the last one.
    const messageId = await channel.postNotice({ kind: 'test', title: t.title, markdown: t.body }, `test-${randomUUID()}`);
    return { ok: true, chat, messageId, answer: ROBOT_ANSWERS[channel.kind] ?? `message id ${messageId}` };
  } catch (error) {
    return { ok: false, chat, error: describeDeliveryError(error) };
  }
}

const EN = { title: 'Gong test message', body: 'If you can read this, Gong can post alert cards to this chat.' };
const ZH = { title: 'Gong 测试消息', body: '看到这条消息，说明 Gong 可以向本群发送告警卡片。' };
