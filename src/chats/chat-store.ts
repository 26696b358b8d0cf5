import { asc, eq } from 'drizzle-orm';
import type { ChatConfig } from '../config/schema.js';
import { chatSchema } from '../config/schema.js';
import type { Db } from '../db/client.js';
import { chatStatus, chats } from '../db/schema.js';
import { describeIssue } from '../shared/describe-issue.js';

/** A stored row the chat schema refuses (edited by hand, or written by another version of Gong). */
export interface BrokenChat {
  name: string;
  type: string;
  /** Which setting is wrong and why; never a setting's value, since those may be secrets. */
  reason: string;
}

/** The chats table: each row's settings are re-validated on the way out, like a config file. */
export function createChatStore(db: Db) {
  return {
    /** Every row, each either a chat or the reason it is not one: one bad row spoils no other. */
    async all(): Promise<{ chats: ChatConfig[]; broken: BrokenChat[] }> {
      const valid: ChatConfig[] = [];
      const broken: BrokenChat[] = [];
      for (const row of await db.select().from(chats).orderBy(asc(chats.name))) {
        const read = parseRow(row);
        if (typeof read === 'string') broken.push({ name: row.name, type: row.type, reason: read });
        else valid.push(read);
      }
      return { chats: valid, broken };
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

/** The row's chat, or what is wrong with it. */
function parseRow(row: typeof chats.$inferSelect): ChatConfig | string {
  const settings: unknown = row.settings;
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return 'settings: expected a JSON object';
  const parsed = chatSchema.safeParse({ ...readable(settings as Record<string, unknown>), name: row.name, type: row.type });
  return parsed.success ? parsed.data : describeIssue(parsed.error.issues[0]);
}

/** Rows saved before storable() existed hold parsed times (`{ text, minutes }`): read their text. */
function readable(settings: Record<string, unknown>): Record<string, unknown> {
  const times = settings.dailyStats;
  if (!Array.isArray(times)) return settings;
  return { ...settings, dailyStats: times.map((time: unknown) => (time && typeof time === 'object' && 'text' in time ? (time as { text: unknown }).text : time)) };
}
