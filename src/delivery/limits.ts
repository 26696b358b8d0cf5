import type { ChannelKind } from '../cards/channel.js';
import { WECOM_MESSAGES_PER_MINUTE } from '../platforms/wecom/limits.js';
import type { RateWindow } from './sliding-window.js';

/** What an outbound call is, as far as the platforms' limits care. */
export type CallKind = 'post' | 'update';

export interface Destination {
  kind: ChannelKind;
  chat: string;
  /** The app serving an app-bot chat (its limits are shared by all its chats). */
  app?: string;
  /**
   * Who the platform counts the chat's messages against (a robot's URL, a group's id), hashed:
   * chats that share it share its limits.
   */
  target?: string;
  /** A per-chat override of the chat's own send limits. */
  override?: { perSecond?: number; perMinute?: number };
}

/**
 * A call counts from when its answer came back (see rate-budget), never earlier than the platform
 * counted it, so no margin for network or event-loop delays is needed; this one only covers two
 * clocks reading the same instant a millisecond or so apart.
 */
const MARGIN_MS = { second: 50, minute: 500 };
const second = (key: string, limit: number): RateWindow => ({ key, limit, windowMs: 1_000 + MARGIN_MS.second });
const minute = (key: string, limit: number): RateWindow => ({ key, limit, windowMs: 60_000 + MARGIN_MS.minute });

/**
 * The documented limits of each destination:
 * - DingTalk custom robot: 20 messages a minute (then a 10-minute block).
 * - DingTalk OpenAPI: 20 calls a second per app and API.
 * - Lark app bot: 5 sends a second per chat, 50 calls a second and 1000 a minute per app,
 *   5 updates a second per message.
 * - Lark custom bot: 5 a second and 100 a minute.
 * - WeCom group robot: 20 messages a minute.
 */
export function windowsFor(dest: Destination, call: CallKind, ref?: string): RateWindow[] {
  const { own, app } = limitsOf(dest, call, ref);
  return [...own, ...app];
}

/**
 * Only the windows of the chat or message itself, leaving out the app's: what a refusal of the
 * chat's or message's own limit (Lark 230020) holds, without stopping the app's other chats.
 */
export function ownWindows(dest: Destination, call: CallKind, ref?: string): RateWindow[] {
  return limitsOf(dest, call, ref).own;
}

function limitsOf(dest: Destination, call: CallKind, ref?: string): { own: RateWindow[]; app: RateWindow[] } {
  const target = dest.target ?? dest.chat;
  const chatWindows = (fallback: RateWindow[]): RateWindow[] => {
    const o = dest.override;
    if (!o || (o.perSecond === undefined && o.perMinute === undefined)) return fallback;
    const key = `chat:${target}`;
    return [
      ...(o.perSecond === undefined ? [] : [second(`${key}:s`, o.perSecond)]),
      ...(o.perMinute === undefined ? [] : [minute(`${key}:m`, o.perMinute)]),
    ];
  };
  switch (dest.kind) {
    case 'dingtalk-webhook':
      return { own: chatWindows([minute(`chat:${target}:m`, 20)]), app: [] };
    case 'wecom-webhook':
      return { own: chatWindows([minute(`chat:${target}:m`, WECOM_MESSAGES_PER_MINUTE)]), app: [] };
    case 'lark-webhook':
      return { own: chatWindows([second(`chat:${target}:s`, 5), minute(`chat:${target}:m`, 100)]), app: [] };
    case 'dingtalk':
      // 20/s per API, but one channel call may use any of three APIs (card create, card update,
      // group message, by mode): all of them together within 20/s keeps each one within it.
      return { own: chatWindows([]), app: [second(`dingtalk-app:${dest.app ?? 'default'}`, 20)] };
    case 'lark': {
      const app = larkAppWindows(dest.app);
      if (call === 'update' && ref) return { own: [second(`lark-msg:${ref}`, 5)], app };
      return { own: chatWindows([second(`chat:${target}:s`, 5)]), app };
    }
  }
}

/** A Lark app's own limits (50 calls a second, 1000 a minute), which every API call of it counts against. */
export function larkAppWindows(app: string | undefined): RateWindow[] {
  const key = `lark-app:${app ?? 'default'}`;
  return [second(`${key}:s`, 50), minute(`${key}:m`, 1000)];
}

/** The most messages a chat takes in a minute: the base of its default storm threshold. */
export function messagesPerMinute(dest: Destination): number {
  return Math.min(
    ...windowsFor(dest, 'post')
      .filter((w) => w.key.startsWith('chat:'))
      .map((w) => Math.floor((w.limit * 60_000) / w.windowMs)),
    Infinity,
  );
}
