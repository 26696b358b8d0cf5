/** One self-built app (bot) known to the local Lark server. */
export interface SandboxLarkApp {
  /** 'cli_' + 16 hex characters, as the real platform issues them. */
  appId: string;
  appSecret: string;
  encryptKey?: string;
  verificationToken?: string;
  /** How the app subscribed to events: long connection or HTTP request URL. */
  events: 'websocket' | 'http';
  /** Request URL for `events: 'http'`. */
  eventUrl?: string;
  /** The bot's own open_id and display name, used when a user @-mentions it. */
  botOpenId?: string;
  botName?: string;
}

/** A group custom bot (webhook). Its messages land in `chatId`. */
export interface SandboxCustomBot {
  token: string;
  secret?: string;
  keywords?: string[];
  chatId?: string;
}

/**
 * A user as this server's app sees them. `unionId` is the same person in every app of a tenant
 * (give two servers' members one unionId to play one person in two apps); without it one is
 * derived from the open_id. Mobile and e-mail are what the contact API returns.
 */
export interface SandboxMember {
  openId: string;
  name: string;
  unionId?: string;
  mobile?: string;
  email?: string;
}

export interface SandboxChat {
  chatId: string;
  name?: string;
  /** Apps whose bot is a member; defaults to every app. */
  appIds?: string[];
  /** Users in the group; when given, urgents to anyone else come back as invalid. */
  members?: SandboxMember[];
}

/** Long-connection client settings, in seconds, pushed to the SDK with the endpoint and every pong. */
export interface WsClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

export interface LarkServerOptions {
  apps?: SandboxLarkApp[];
  customBots?: SandboxCustomBot[];
  chats?: SandboxChat[];
  /** Injectable clock in ms since the epoch; the sandbox's windows and expiries all read it. */
  now?: () => number;
  port?: number;
  /** An event not acknowledged within this many ms is pushed again (real platform: 3 s). */
  ackTimeoutMs?: number;
  /** How many times an unacknowledged event is pushed again before giving up. */
  maxRepushes?: number;
  wsClientConfig?: Partial<WsClientConfig>;
  /** Event payloads larger than this many bytes are split into `sum`/`seq` fragments. */
  fragmentBytes?: number;
}

export type MessageSender =
  | { type: 'app'; appId: string }
  | { type: 'user'; openId: string; name: string }
  | { type: 'custom_bot'; token: string };

export interface StoredMessage {
  messageId: string;
  chatId: string;
  sender: MessageSender;
  msgType: string;
  /** The JSON string the platform stores: a card, `{"text":..}`, a post. */
  content: string;
  rootId?: string;
  parentId?: string;
  threadId?: string;
  createTime: number;
  updateTime: number;
}

export interface UrgentRecord {
  appId: string;
  messageId: string;
  kind: 'app' | 'sms' | 'phone';
  openIds: string[];
  at: number;
}

export interface AckRecord {
  appId: string;
  eventId: string;
  eventType: string;
  /** Transport-level code: the WS ACK's `code`, or the HTTP status of the pushed request. */
  code: number;
  /** The app's answer: the decoded ACK `data`, or the parsed HTTP response body. */
  response: unknown;
  at: number;
}
