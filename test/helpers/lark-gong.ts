import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import type { LarkServerOptions } from '../../src/sandbox/lark/types.js';
import { PATIENT_PLATFORM, startTestGong, type TestGong, type TestGongOptions, waitFor } from './gong.js';

export interface LarkApp {
  appId: string;
  appSecret: string;
}

export interface LarkGongOptions extends Omit<TestGongOptions, 'config'> {
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
 * A local Lark and a whole Gong connected to it over the long connection, in English, resolved
 * once the connection is open (clicks before that would be refused, as on the real platform).
 */
export async function startGongWithLark(options: LarkGongOptions): Promise<LarkGong> {
  const { app, server, config, ...gongOptions } = options;
  const lark = await startLarkServer({
    ...PATIENT_PLATFORM.lark,
    // The real platform asks clients to wait minutes before reconnecting; tests cannot.
    wsClientConfig: { ReconnectInterval: 0.2, ReconnectNonce: 0 },
    ...server,
    apps: [{ ...app, events: 'websocket' }],
  });
  let gong: TestGong;
  try {
    gong = await startTestGong({ ...gongOptions, config: { locale: 'en', lark: { ...app, domain: lark.url }, ...config?.(lark) } });
  } catch (error) {
    await lark.stop();
    throw error;
  }
  await waitFor('the long connection', async () => (lark.openConnections(app.appId) > 0 ? true : undefined));
  return {
    lark,
    gong,
    hookUrl: (token) => `${lark.url}/open-apis/bot/v2/hook/${token}`,
    async close() {
      await gong.close();
      await lark.stop();
    },
  };
}
