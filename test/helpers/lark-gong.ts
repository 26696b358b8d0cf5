import type { LarkServer } from '../../src/sandbox/lark/server.js';
import type { LarkServerOptions } from '../../src/sandbox/lark/types.js';
import type { TestGong } from './gong.js';
import { type SandboxGongOptions, startSandboxGong } from './sandbox-gong.js';

export interface LarkApp {
  appId: string;
  appSecret: string;
}

export interface LarkGongOptions extends Omit<SandboxGongOptions, 'config' | 'lark'> {
  /** The app Gong runs as, on the long connection. */
  app: LarkApp;
  /** The local Lark's chats, custom bots and knobs (its app is `app`). */
  server?: Omit<LarkServerOptions, 'apps'>;
  /** The rest of gong.yaml; it may need the local Lark's URL (custom bot webhooks). */
  config?: (lark: LarkServer) => Record<string, unknown>;
}

export interface LarkGong {
  lark: LarkServer;
  gong: TestGong;
  /** Custom bot webhook URL of the local Lark for a bot token. */
  hookUrl(token: string): string;
  close(): Promise<void>;
}

/**
 * `startSandboxGong` with one local Lark whose one app Gong runs as, over the long connection:
 * the shape most Lark tests need, without writing the app into the configuration each time.
 */
export async function startGongWithLark(options: LarkGongOptions): Promise<LarkGong> {
  const { app, server, config, ...gongOptions } = options;
  const running = await startSandboxGong({
    ...gongOptions,
    lark: { ...server, apps: [{ ...app, events: 'websocket' }] },
    config: ({ lark }) => ({ lark: { ...app, domain: lark.url }, ...config?.(lark) }),
  });
  const { lark, gong } = running;
  return { lark, gong, hookUrl: (token) => `${lark.url}/open-apis/bot/v2/hook/${token}`, close: () => running.close() };
}
