import { asc, eq } from 'drizzle-orm';
import type { ChatConfig } from '../config/schema.js';
import { chatSchema } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { chatStatus, chats } from '../db/schema.js';

/** The chats table: each row's settings are re-validated on the way out, like a config file. */
export function createChatStore(db: Db) {
  const parse = (row: typeof chats.$inferSelect): ChatConfig => chatSchema.parse({ ...readable(row.settings), name: row.name, type: row.type });
  return {
    async all(): Promise<ChatConfig[]> {
      return (await db.select().from(chats).orderBy(asc(chats.name))).map(parse);
    },
    /** False when the name is taken. */
    async insert(chat: ChatConfig): Promise<boolean> {
      const inserted = await db
        .insert(chats)
        .values({ name: chat.name, type: chat.type, settings: storable(chat) })
        .onConflictDoNothing()
        .returning({ name: chats.name });
      return inserted.length === 1;
    },
    async update(chat: ChatConfig): Promise<void> {
      await db.update(chats).set({ type: chat.type, settings: storable(chat), updatedAt: new Date() }).where(eq(chats.name, chat.name));
    },
    /** The chat's delivery status goes too: a new chat of the same name starts with none. */
    async remove(name: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx.delete(chatStatus).where(eq(chatStatus.chat, name));
        return (await tx.delete(chats).where(eq(chats.name, name)).returning({ name: chats.name })).length === 1;
      });
    },
  };
}

export type ChatStore = ReturnType<typeof createChatStore>;

/** The chat as the schema reads it: parsed values (times of day) go back to the text they came from. */
export function storable(chat: ChatConfig): Record<string, unknown> {
  return { ...chat, dailyStats: chat.dailyStats.map((clock) => clock.text) };
}

/** Rows saved before storable() existed hold parsed times (`{ text, minutes }`): read their text. */
function readable(settings: Record<string, unknown>): Record<string, unknown> {
  const times = settings.dailyStats;
  if (!Array.isArray(times)) return settings;
  return { ...settings, dailyStats: times.map((time: unknown) => (time && typeof time === 'object' && 'text' in time ? (time as { text: unknown }).text : time)) };
}
