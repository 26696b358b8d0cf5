import type { Logger } from 'pino';
import type { GuardedRouter } from '../shared/guarded-router.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import type { ChatConfig } from '../config/schema.js';
import type { AlertChannel } from '../cards/channel.js';
import type { Inbound } from './transport.js';

/** How one platform app's connection is doing, for /readyz, /metrics and the console. */
export interface AppStatus {
  platform: 'dingtalk' | 'lark' | 'wecom';
  app: string;
  /** `connecting` | `connected` | `reconnecting` | `auth_failed` | `failed` | `stopped` | `http` */
  state: string;
  reason?: string;
}

/** A channel that can say why its chat refuses messages (custom robots and bots), like an app's state. */
export type StatusChannel = AlertChannel & { status?(): AppStatus | undefined };

/** What starting one platform needs: its configuration, a logger, and the handlers its transports deliver to. */
export interface PlatformDeps {
  config: RuntimeConfig;
  logger: Logger;
  inbound: Inbound;
}

/** What starting one platform gives the composition root. */
export interface PlatformRuntime {
  channels: AlertChannel[];
  /**
   * A channel for a chat added while Gong runs (from the API or console), served by one of this
   * platform's running apps; undefined when the chat is not this platform's or its app is missing.
   */
  channelFor?(chat: ChatConfig): StatusChannel | undefined;
  status(): AppStatus[];
  /** HTTP routes the platform needs (Lark event subscription). */
  routers: GuardedRouter[];
  stop(): Promise<void>;
}
