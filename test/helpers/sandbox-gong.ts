import { type MockInstance, vi } from 'vitest';
import { type DingTalkServerHandle, type DingTalkServerOptions, startDingTalkServer } from '../../src/sandbox/dingtalk/server.js';
import { type LarkServer, startLarkServer } from '../../src/sandbox/lark/server.js';
import type { LarkServerOptions } from '../../src/sandbox/lark/types.js';
import { startWeComServer, type WeComServerHandle, type WeComServerOptions } from '../../src/sandbox/wecom/server.js';
import { PATIENT_PLATFORM, startTestGong, type TestGong, type TestGongOptions, waitFor } from './gong.js';

/** The local platforms a sandbox Gong talks to, for its configuration and the test's clicks. */
export interface SandboxPlatforms {
  /** Every local DingTalk (one per organisation), in the order of the options. */
  dingtalks: DingTalkServerHandle[];
  /** Every local Lark (one per tenant), in the order of the options. */
  larks: LarkServer[];
  /** The first local DingTalk; throws when none was asked for. */
  readonly dingtalk: DingTalkServerHandle;
  /** The first local Lark; throws when none was asked for. */
  readonly lark: LarkServer;
  /** The local WeCom; throws when none was asked for. */
  readonly wecom: WeComServerHandle;
}

export interface SandboxGongOptions extends Omit<TestGongOptions, 'config'> {
  /** A local DingTalk, or one per organisation. Callbacks wait PATIENT_PLATFORM's time unless set here. */
  dingtalk?: DingTalkServerOptions | DingTalkServerOptions[];
  /** A local Lark, or one per tenant. Acks wait PATIENT_PLATFORM's time and clients reconnect at once unless set here. */
  lark?: LarkServerOptions | LarkServerOptions[];
  wecom?: WeComServerOptions;
  /**
   * The rest of gong.yaml (apps, chats, …), which needs the local platforms' URLs; `locale: 'en'`
   * unless it says otherwise. May start what sits between Gong and a platform (a fault proxy).
   */
  config?: (platforms: SandboxPlatforms) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /**
   * Resolve once every app of every local DingTalk has a Stream connection and every long-connection
   * app of every local Lark is connected (default), as clicks before that would be refused on the
   * real platforms; `false` resolves as soon as Gong has started.
   */
  connected?: boolean;
}

export interface SandboxGong extends SandboxPlatforms {
  gong: TestGong;
  /** Stops Gong, then every local platform. */
  close(): Promise<void>;
}

/**
 * A whole Gong (through `startTestGong`) connected to local DingTalk, Lark and WeCom servers: the
 * setup every test of Gong against its platforms shares, torn down by one `close()`.
 */
export async function startSandboxGong(options: SandboxGongOptions): Promise<SandboxGong> {
  const { dingtalk, lark, wecom, config, connected = true, ...gongOptions } = options;
  const dingtalkOptions = list(dingtalk);
  const larkOptions = list(lark);
  const servers: Array<{ stop(): Promise<void> }> = [];
  // The DingTalk Stream SDK prints "connect success" with console.info; keep test output readable.
  const quiet: MockInstance | undefined = dingtalkOptions.length > 0 ? vi.spyOn(console, 'info').mockImplementation(() => undefined) : undefined;
  const stopPlatforms = async () => {
    for (const server of servers.reverse()) await server.stop();
    quiet?.mockRestore();
  };
  const platforms = {
    dingtalks: [] as DingTalkServerHandle[],
    larks: [] as LarkServer[],
    wecomServer: undefined as WeComServerHandle | undefined,
    get dingtalk() {
      return this.dingtalks[0] ?? missing('DingTalk');
    },
    get lark() {
      return this.larks[0] ?? missing('Lark');
    },
    get wecom() {
      return this.wecomServer ?? missing('WeCom');
    },
  };
  let gong: TestGong;
  try {
    for (const server of dingtalkOptions) {
      platforms.dingtalks.push(await startDingTalkServer({ ...PATIENT_PLATFORM.dingtalk, ...server }));
      servers.push(platforms.dingtalks.at(-1)!);
    }
    for (const server of larkOptions) {
      // The real platform asks clients to wait minutes before reconnecting; tests cannot.
      platforms.larks.push(await startLarkServer({ ...PATIENT_PLATFORM.lark, wsClientConfig: { ReconnectInterval: 0.2, ReconnectNonce: 0 }, ...server }));
      servers.push(platforms.larks.at(-1)!);
    }
    if (wecom) {
      platforms.wecomServer = await startWeComServer(wecom);
      servers.push(platforms.wecomServer);
    }
    gong = await startTestGong({ ...gongOptions, config: { locale: 'en', ...(await config?.(platforms)) } });
  } catch (error) {
    await stopPlatforms();
    throw error;
  }
  const running: SandboxGong = Object.assign(platforms, {
    gong,
    async close() {
      await gong.close();
      await stopPlatforms();
    },
  });
  if (!connected) return running;
  try {
    await waitFor('every app connected to its local platform', async () => {
      const dingtalkUp = platforms.dingtalks.every((server, i) => (dingtalkOptions[i]!.apps ?? []).every((app) => server.connectionCount(app.clientId) > 0));
      const larkUp = platforms.larks.every((server, i) =>
        (larkOptions[i]!.apps ?? []).filter((app) => app.events === 'websocket').every((app) => server.openConnections(app.appId) > 0),
      );
      return dingtalkUp && larkUp ? true : undefined;
    });
  } catch (error) {
    await running.close();
    throw error;
  }
  return running;
}

function list<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function missing(platform: string): never {
  throw new Error(`no local ${platform} was started: pass its options to startSandboxGong`);
}
