import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { z } from 'zod';
import { answerClick, takeCommand } from '../ack.js';
import { Dedupe } from '../dedupe.js';
import { sdkLogger } from './sdk-logger.js';

/** A click on a card component, whichever transport delivered it. */
export interface LarkCardAction {
  appId: string;
  eventId: string;
  openId: string;
  /** The clicker's union_id: the same in every app of the tenant. */
  unionId?: string;
  messageId: string;
  chatId: string;
  value: Record<string, unknown>;
  option?: string;
  /** Delayed-update token for interactive/v1/card/update (30 min, two uses). */
  token?: string;
  /** When Lark created the event (the envelope's `create_time`, ms since the epoch), if it says. */
  sentAt?: number;
}

export interface LarkCardActionResult {
  toast?: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
  /** Card JSON shown in place of the clicked card. */
  card?: object;
}

/** A group text that @-mentioned the bot, with the leading mention(s) removed from `text`. */
export interface LarkIncomingMessage {
  appId: string;
  eventId: string;
  chatId: string;
  messageId: string;
  openId: string;
  unionId?: string;
  /** Lark does not send the sender's name; set only when a transport knows it. */
  name?: string;
  text: string;
  /** Other people mentioned in the text (their `@_user_N` placeholder is replaced by `@name`). */
  mentions: { openId: string; unionId?: string; name: string }[];
}

export type CardActionHandler = (e: LarkCardAction) => Promise<LarkCardActionResult>;
export type MessageHandler = (e: LarkIncomingMessage) => Promise<void>;

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected' }
  | { status: 'reconnecting' }
  | { status: 'auth_failed'; reason: string }
  | { status: 'failed'; reason: string }
  | { status: 'stopped' };

/** One app's inbound events, over the long connection or HTTP; handlers cannot tell which. */
export interface LarkTransport {
  readonly appId: string;
  onCardAction(handler: CardActionHandler): void;
  onMessage(handler: MessageHandler): void;
  start(): Promise<void>;
  /** Stops for good: no reconnect, no more handler calls. */
  stop(): Promise<void>;
  state(): ConnectionState;
  onStateChange(listener: (s: ConnectionState) => void): void;
}

// The SDK hands handlers the schema 2.0 envelope flattened: header and event fields side by side.
const cardActionSchema = z.object({
  event_id: z.string(),
  app_id: z.string().optional(),
  // Read leniently: a time in another shape must not cost the click.
  create_time: z.unknown().optional(),
  token: z.string().optional(),
  operator: z.object({ open_id: z.string(), union_id: z.string().optional() }),
  action: z.object({ value: z.record(z.string(), z.unknown()).optional(), option: z.string().optional() }),
  context: z.object({ open_message_id: z.string(), open_chat_id: z.string() }),
});

const mentionSchema = z.object({ key: z.string(), id: z.object({ open_id: z.string().optional(), union_id: z.string().optional() }), name: z.string() });
const messageSchema = z.object({
  event_id: z.string(),
  app_id: z.string().optional(),
  sender: z.object({ sender_id: z.object({ open_id: z.string(), union_id: z.string().optional() }) }),
  message: z.object({
    message_id: z.string(),
    chat_id: z.string(),
    message_type: z.string(),
    content: z.string(),
    mentions: z.array(mentionSchema).optional(),
  }),
});

export function decodeCardAction(appId: string, data: unknown): LarkCardAction {
  const d = cardActionSchema.parse(data);
  return {
    appId,
    eventId: d.event_id,
    openId: d.operator.open_id,
    ...(d.operator.union_id && { unionId: d.operator.union_id }),
    messageId: d.context.open_message_id,
    chatId: d.context.open_chat_id,
    value: d.action.value ?? {},
    ...(d.action.option !== undefined && { option: d.action.option }),
    ...(d.token !== undefined && { token: d.token }),
    ...(typeof d.create_time === 'string' && /^\d{1,15}$/.test(d.create_time) && { sentAt: Number(d.create_time) }),
  };
}

/** Undefined for anything but text (images, files): there is no command in them. */
export function decodeMessage(appId: string, data: unknown): LarkIncomingMessage | undefined {
  const d = messageSchema.parse(data);
  if (d.message.message_type !== 'text') return undefined;
  const parsed = z.object({ text: z.string() }).safeParse(JSON.parse(d.message.content));
  if (!parsed.success) return undefined;
  const mentions = d.message.mentions ?? [];
  let text = parsed.data.text.trim();
  // "@_user_1 ack 42": the leading placeholders address the bot; the command follows them.
  for (let lead = /^@_user_\d+\s*/.exec(text); lead; lead = /^@_user_\d+\s*/.exec(text)) text = text.slice(lead[0].length);
  const others = mentions.filter((m) => text.includes(m.key));
  for (const m of others) text = text.split(m.key).join(`@${m.name}`);
  return {
    appId,
    eventId: d.event_id,
    chatId: d.message.chat_id,
    messageId: d.message.message_id,
    openId: d.sender.sender_id.open_id,
    ...(d.sender.sender_id.union_id && { unionId: d.sender.sender_id.union_id }),
    text: text.trim(),
    mentions: others.flatMap((m) => (m.id.open_id ? [{ openId: m.id.open_id, ...(m.id.union_id && { unionId: m.id.union_id }), name: m.name }] : [])),
  };
}

/** The Lark callback answer: `card` is wrapped as the `raw` card the client renders. */
export function toCallbackAnswer(r: LarkCardActionResult): Record<string, unknown> {
  return { ...(r.toast && { toast: r.toast }), ...(r.card && { card: { type: 'raw', data: r.card } }) };
}

export interface EventRouterOptions {
  appId: string;
  logger: Logger;
  dedupe?: Dedupe;
}

/**
 * Builds the SDK EventDispatcher both transports feed, with the decode → dedupe → handler chain
 * registered once, so ack and dedupe semantics are identical over WS and HTTP (and follow the
 * one rule of `ack.ts`): the dispatcher's answer is the ack, sent when it resolves.
 */
export class EventRouter {
  readonly dispatcher: lark.EventDispatcher;
  private cardHandler?: CardActionHandler;
  private messageHandler?: MessageHandler;
  private readonly dedupe: Dedupe;

  constructor(private readonly o: EventRouterOptions) {
    this.dedupe = o.dedupe ?? new Dedupe();
    // No keys: the HTTP transport verifies and decrypts before dispatching, and WS frames are plain.
    this.dispatcher = new lark.EventDispatcher({
      logger: sdkLogger(o.logger),
      loggerLevel: lark.LoggerLevel.warn,
    }).register({
      'card.action.trigger': (data: unknown) => this.cardAction(data),
      'im.message.receive_v1': (data: unknown) => this.message(data),
    });
  }

  onCardAction(h: CardActionHandler): void {
    this.cardHandler = h;
  }

  onMessage(h: MessageHandler): void {
    this.messageHandler = h;
  }

  private cardAction(data: unknown): Promise<Record<string, unknown>> {
    const e = this.decode('card.action.trigger', data, decodeCardAction);
    if (!e) return Promise.resolve({});
    return answerClick(this.dedupe, e.eventId, async () => {
      // No handler yet: fail, so the platform re-pushes once we are ready rather than losing the click.
      if (!this.cardHandler) throw new Error('no card action handler registered');
      return toCallbackAnswer(await this.cardHandler(e));
    }).result;
  }

  /**
   * A malformed event, or one addressed to another app, is acknowledged and dropped: re-pushing
   * it would never make it valid.
   */
  private decode<T>(type: string, data: unknown, fn: (appId: string, data: unknown) => T): T | undefined {
    const target = (data as { app_id?: unknown } | null)?.app_id;
    if (target !== undefined && target !== this.o.appId) {
      this.o.logger.warn({ type, target }, 'lark event for another app dropped');
      return undefined;
    }
    try {
      return fn(this.o.appId, data);
    } catch (e) {
      this.o.logger.warn({ type, err: e instanceof Error ? e.message : String(e) }, 'malformed lark event dropped');
      return undefined;
    }
  }

  /** Acknowledged at once, before the command runs; its reply is a message of its own. */
  private async message(data: unknown): Promise<Record<string, never>> {
    const e = this.decode('im.message.receive_v1', data, decodeMessage);
    if (!e) return {};
    // No handler yet: fail, so the platform re-pushes once we are ready rather than losing the command.
    const handler = this.messageHandler;
    if (!handler) throw new Error('no message handler registered');
    takeCommand(this.dedupe, e.eventId, () => handler(e), this.o.logger);
    return {};
  }
}
