import type { Actor } from '../domain/actor.js';

/** A button pressed on an alert card, decoded by whichever transport delivered it. */
export interface ButtonPress {
  actor: Actor & { platform: 'dingtalk' | 'lark' | 'wecom' };
  /** The platform's handle of the card (DingTalk outTrackId, Lark message_id). */
  cardRef: string;
  /** `ack` | `unack` | `resolve` | `reopen` | `assign` | `snooze` */
  action: string;
  args: Record<string, string>;
  /** The platform's event id, so a redelivered click changes nothing. */
  dedupeKey: string;
  /** The group the card is in (DingTalk openConversationId, Lark chat_id), when the platform says. */
  group?: string | undefined;
  /** The alert the card's button names, for a click that beats Gong's record of the card's id. */
  alertId?: number | undefined;
  /** When Gong received the click, in ms since the epoch. */
  receivedAt: number;
  /** When the platform sent the click, by its clock, where it says: its wait may have started earlier. */
  sentAt?: number | undefined;
  /** How long the platform waits for the answer before dropping it. */
  answerWithinMs: number;
}

/** Text written to the bot in a group, with the @mention already removed. */
export interface CommandMessage {
  actor: Actor & { platform: 'dingtalk' | 'lark' };
  text: string;
  /** People @-mentioned in the text besides the bot, as the receiving app sees them (`assign 42 @Li Lei`). */
  mentions?: (Actor & { platform: 'dingtalk' | 'lark' })[];
  dedupeKey: string;
}
