import { z } from 'zod';
import { chatSchema } from '../config/schema.js';
import { CHAT_FLAGS, parseFlags } from './flag-errors.js';

/** The chat schema of one type, whose keys are the flags that type takes. */
function variantOf(type: unknown): z.ZodObject | undefined {
  return chatSchema.options.find((option) => option.shape.type.value === type) as z.ZodObject | undefined;
}

/** `gong chats add`: the whole chat, as the API will check it, in flag terms. */
export function checkNewChat(fields: Record<string, unknown>): void {
  parseFlags(chatSchema, fields, CHAT_FLAGS, typeof fields.type === 'string' && variantOf(fields.type) ? `--type ${fields.type}` : undefined);
}

/**
 * `gong chats edit`: the given flags, for the chat's type (`current`, undefined when the running
 * Gong does not have the chat: it then says so itself). A new type starts the chat afresh, so it
 * is checked whole, as an add is.
 */
export function checkChatEdit(name: string, current: string | undefined, fields: Record<string, unknown>): void {
  if (fields.type !== undefined && fields.type !== current) return checkNewChat({ name, ...fields });
  const variant = variantOf(current);
  if (!variant) return;
  parseFlags(variant.partial(), { name, type: current, ...fields }, CHAT_FLAGS, `a ${current} chat`);
}
