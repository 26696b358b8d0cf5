import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { chatStatus } from '../db/schema.js';

export interface ChatStatus {
  chat: string;
  state: 'ok' | 'failing';
  /** What the platform said, e.g. "keyword missing": what the admin must fix. */
  reason: string | null;
  code: string | null;
  failedAt: string | null;
}

/** Marks a chat as refusing our messages (bad signature, keyword, bot removed, unknown chat). */
export async function markChatFailing(db: Db, chat: string, code: string, reason: string): Promise<void> {
  const now = new Date();
  const row = { chat, state: 'failing' as const, code, reason, failedAt: now, updatedAt: now };
  await db.insert(chatStatus).values(row).onConflictDoUpdate({ target: chatStatus.chat, set: row });
}

/** A message got through: whatever was wrong has been fixed. */
export async function markChatOk(db: Db, chat: string): Promise<void> {
  await db
    .update(chatStatus)
    .set({ state: 'ok', reason: null, code: null, failedAt: null, updatedAt: new Date() })
    .where(eq(chatStatus.chat, chat));
}

/** Every configured chat's delivery state; chats that never failed are `ok`. */
export async function listChatStatus(db: Db, chats: readonly string[]): Promise<ChatStatus[]> {
  const rows = new Map((await db.select().from(chatStatus)).map((row) => [row.chat, row]));
  return chats.map((chat) => {
    const row = rows.get(chat);
    return {
      chat,
      state: row?.state ?? 'ok',
      reason: row?.reason ?? null,
      code: row?.code ?? null,
      failedAt: row?.failedAt?.toISOString() ?? null,
    };
  });
}
