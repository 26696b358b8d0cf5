import type { Actor } from '../domain/actor.js';
import type { TemplateChoice } from '../cards/channel.js';
import type { AlertView } from '../cards/alert-view.js';
import type { AppStatus } from './platform-runtime.js';

/** The platforms people click and write on. */
export type ChatPlatform = 'dingtalk' | 'lark' | 'wecom';

/** A person as the app the event arrived on sees them. */
export type ChatActor = Actor & { platform: ChatPlatform };

/**
 * A button pressed on an alert card, decoded by whichever transport delivered it. Answered at
 * once: the answer is the platform's callback response, which redraws the clicked card.
 */
export interface ButtonInteraction {
  kind: 'button';
  platform: ChatPlatform;
  actor: ChatActor;
  target: {
    /** The platform's handle of the card (DingTalk outTrackId, Lark message_id). */
    cardRef: string;
    /** The group the card is in (DingTalk openConversationId, Lark chat_id), when the platform says. */
    group?: string | undefined;
    /** The alert the card's button names, for a click that beats Gong's record of the card's id. */
    alertId?: number | undefined;
  };
  /** `ack` | `unack` | `resolve` | `reopen` | `assign` | `snooze` */
  action: string;
  args: Record<string, string>;
  /** The person chosen in the card's picker (`assign`), as this app sees them. */
  assignee?: ChatActor | undefined;
  /** The platform's event id, so a redelivered click changes nothing. */
  dedupeKey: string;
  /** When Gong received the click, in ms since the epoch. */
  receivedAt: number;
  /** When the platform sent the click, by its clock, where it says: its wait may have started earlier. */
  sentAt?: number | undefined;
  /** How long the platform waits for the answer before dropping it. */
  answerWithinMs: number;
}

/** Text written to the bot in a group, with the @mention already removed. Its answer is a reply in the group. */
export interface CommandInteraction {
  kind: 'command';
  platform: 'dingtalk' | 'lark';
  actor: ChatActor & { platform: 'dingtalk' | 'lark' };
  /** The group the command was written in (DingTalk openConversationId, Lark chat_id). */
  target: { group: string };
  text: string;
  /** People @-mentioned in the text besides the bot, as the receiving app sees them (`assign 42 @Li Lei`). */
  mentions: (ChatActor & { platform: 'dingtalk' | 'lark' })[];
  dedupeKey: string;
  /** Sends the reply into the group, @-mentioning the writer: the transport's way back to them. */
  respond(reply: CommandReply): Promise<void>;
}

/**
 * A signed action link of a custom robot's message (`/a/<token>`), submitted from its page: one-way
 * chats cannot call Gong back, so the person comes to Gong and types their name. Its answer is the page.
 */
export interface LinkInteraction {
  kind: 'link';
  /** The platform of the link's chat; none when the chat is gone (the action is then recorded as the API's). */
  platform: ChatPlatform | undefined;
  /** The name typed on the page: a link has no account behind it. */
  actor: { name: string };
  /** The chat the link was posted in (words the answer) and the alert it acts on. */
  target: { chat: string; alertId: number };
  /** `ack` | `unack` | `resolve` | `reopen` | `assign` | `snooze`, as signed into the link. */
  action: string;
  args: Record<string, string>;
}

export type Interaction = ButtonInteraction | CommandInteraction | LinkInteraction;

/** What a click did, for the toast, and the card as it should look now in the clicked chat. */
export interface ButtonAnswer {
  ok: boolean;
  /** `click.txt` of the clicked chat's set, in its language. */
  message: string;
  view?: AlertView;
}

/** A command's reply, worded in the group's template set and language. */
export interface CommandReply {
  title: string;
  markdown: string;
  templates: Omit<TemplateChoice, 'kind'>;
}

/** What a link's action did, worded in the link's chat: the page's heading and its HTTP status. */
export interface LinkAnswer {
  status: 'done' | 'refused' | 'notFound' | 'invalid';
  message: string;
}

export type Answer = ButtonAnswer | CommandReply | LinkAnswer;

/** The handlers, platform-blind: `main.ts` injects them into every transport. */
export interface Dispatch {
  (interaction: ButtonInteraction): Promise<ButtonAnswer>;
  (interaction: CommandInteraction): Promise<CommandReply>;
  (interaction: LinkInteraction): Promise<LinkAnswer>;
}

/** Where a call on behalf of a group or an app takes its room in the fleet-wide rate budget (the delivery layer's). */
export interface InboundBudget {
  /** Sends a command's reply within the budget of the group's chat (a stand-in when Gong posts nothing there); waits a while for room. */
  reply<T>(to: { platform: 'dingtalk' | 'lark'; group: string; app: string | undefined }, send: () => Promise<T>): Promise<T>;
  /** Room for one call of an app now (a Lark contact lookup), or none; settle it once the call is over. */
  take(app: { platform: 'lark'; app: string | undefined }): Promise<{ ok: true; settle(): Promise<void> } | { ok: false }>;
}

/** What every transport is given: the handlers and the budget. */
export interface Inbound {
  dispatch: Dispatch;
  budget: InboundBudget;
}

/**
 * One app's inbound connection (DingTalk Stream, Lark long connection, Lark HTTP events): it
 * decodes the wire format into Interactions, hands them to `dispatch`, and acknowledges them by
 * the one rule in `ack.ts`. Handlers never learn which transport delivered an event.
 */
export interface Transport {
  start(): Promise<void>;
  /** Stops for good: no reconnect, no more dispatches. */
  stop(): Promise<void>;
  status(): AppStatus;
}
