import { randomUUID } from 'node:crypto';
import type { GongContext } from '../context.js';
import { viewOptionsFor } from '../platforms/view-options.js';
import { composeNotice } from '../templates/compose.js';

export type TestResult = { ok: true; chat: string; messageId: string } | { ok: false; chat: string; error: string };

/** "Send a test message": a notice through the chat's real channel, with the platform's answer. */
export async function sendTestMessage(gong: GongContext, chat: string): Promise<TestResult> {
  const channel = gong.channels.get(chat);
  if (!channel) return { ok: false, chat, error: 'no running platform app serves this chat (is its app configured?)' };
  try {
    // A fresh key each time: the admin asked for a new message, not a retry of the last one.
    const notice = composeNotice({ kind: 'test' }, viewOptionsFor(gong.config, chat), channel.kind);
    const messageId = await channel.postNotice(notice, `test-${randomUUID()}`);
    return { ok: true, chat, messageId };
  } catch {
    return { ok: false, chat, error: gong.deliveries.get(chat)?.error ?? 'the platform refused the message' };
  }
}
