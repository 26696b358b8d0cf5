import { randomBytes } from 'node:crypto';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { type ChatConfig, chatSchema } from '../config/schema.js';
import { type DingTalkServerHandle, startDingTalkServer } from './dingtalk/server.js';
import { type LarkServer, startLarkServer } from './lark/server.js';
import { SANDBOX_PEOPLE } from './sandbox-people.js';
import { startWeComServer, type WeComServerHandle } from './wecom/server.js';

/** The ids the sandbox's platforms issue; fixed, so cards survive a restart of Gong. */
export const SANDBOX = {
  dingtalk: { clientId: 'dinggongsandbox', conversationId: 'cidGongSandboxOps', title: 'Ops on-call (DingTalk)', chat: 'sandbox-dingtalk' },
  lark: { appId: 'cli_5a4db0c0ffee0001', chatId: 'oc_gong_sandbox_ops', title: 'Ops on-call (Lark)', chat: 'sandbox-lark' },
  wecom: { title: 'Ops on-call (WeCom)', chat: 'sandbox-wecom', robot: 'Gong' },
  /** The local server takes any template id; a real one comes from card.dingtalk.com. */
  cardTemplateId: 'gong-sandbox-alert-card.schema',
} as const;

export interface Sandbox {
  dingtalk: DingTalkServerHandle;
  lark: LarkServer;
  wecom: WeComServerHandle;
  /** The robot's key in the local WeCom: random, since a robot URL is its only credential. */
  wecomKey: string;
  /** The admin's config plus the sandbox apps, the robot and their three groups. */
  config: RuntimeConfig;
  stop(): Promise<void>;
}

/** The sandbox runs when neither platform has credentials: there is nothing real to talk to. */
export function wantsSandbox(config: RuntimeConfig): boolean {
  return config.dingtalk === undefined && config.lark === undefined;
}

/**
 * Starts the local DingTalk, Lark and WeCom on loopback and points Gong's real platform code at
 * them: the DingTalk app on Stream with a card template (interactive cards), the Lark app on the
 * long connection, a WeCom group robot (cards with action links), and one group on each as chats.
 */
export async function startSandbox(config: RuntimeConfig): Promise<Sandbox> {
  const dingtalkSecret = randomBytes(16).toString('hex');
  const larkSecret = randomBytes(16).toString('hex');
  const dingtalk = await startDingTalkServer({
    apps: [{ clientId: SANDBOX.dingtalk.clientId, clientSecret: dingtalkSecret }],
    groups: [{ conversationId: SANDBOX.dingtalk.conversationId, title: SANDBOX.dingtalk.title }],
  });
  const lark = await startLarkServer({
    apps: [{ appId: SANDBOX.lark.appId, appSecret: larkSecret, events: 'websocket', botName: 'Gong' }],
    chats: [{ chatId: SANDBOX.lark.chatId, name: SANDBOX.lark.title, members: SANDBOX_PEOPLE.map((p) => ({ openId: p.larkOpenId, name: p.name })) }],
    // Both ends are on this machine: reconnect at once instead of the platform's minutes.
    wsClientConfig: { ReconnectInterval: 1, ReconnectNonce: 0 },
  }).catch(async (error: unknown) => {
    await dingtalk.stop();
    throw error;
  });
  const wecomKey = randomBytes(16).toString('hex');
  const wecom = await startWeComServer({ robots: [{ key: wecomKey, name: SANDBOX.wecom.robot }] }).catch(async (error: unknown) => {
    await Promise.all([dingtalk.stop(), lark.stop()]);
    throw error;
  });
  const chats: ChatConfig[] = [
    chatSchema.parse({ name: SANDBOX.dingtalk.chat, type: 'dingtalk', conversationId: SANDBOX.dingtalk.conversationId }),
    chatSchema.parse({ name: SANDBOX.lark.chat, type: 'lark', chatId: SANDBOX.lark.chatId }),
    chatSchema.parse({ name: SANDBOX.wecom.chat, type: 'wecom-webhook', webhook: wecom.webhook(wecomKey) }),
  ];
  return {
    dingtalk,
    lark,
    wecom,
    wecomKey,
    config: {
      ...config,
      dingtalk: { clientId: SANDBOX.dingtalk.clientId, clientSecret: dingtalkSecret, cardTemplateId: SANDBOX.cardTemplateId, apiBase: dingtalk.url },
      lark: { appId: SANDBOX.lark.appId, appSecret: larkSecret, domain: lark.url, events: 'websocket' },
      chats: [...config.chats, ...chats],
      sandbox: true,
      sandboxChats: chats.map((chat) => chat.name),
    },
    async stop() {
      await Promise.all([dingtalk.stop(), lark.stop(), wecom.stop()]);
    },
  };
}
