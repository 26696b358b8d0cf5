import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { contactHandler } from './contacts.js';
import type { AddressInfo } from 'node:net';
import { LarkAuth } from './auth.js';
import { checkCard } from './cards.js';
import { CardTokens } from './card-tokens.js';
import { CustomBotHook } from './custom-bot.js';
import { cardActionEvent, messageEvent } from './events.js';
import { FaultInjector, type Fault } from './faults.js';
import { HttpPusher } from './http-pusher.js';
import { fail, readBody, Router, writeReply, type Reply } from './http.js';
import { LarkMessages } from './messages.js';
import { LarkRateLimits } from './rate-limits.js';
import { LarkStore } from './store.js';
import type { AckRecord, LarkServerOptions, SandboxChat, SandboxLarkApp, StoredMessage, UrgentRecord, WsClientConfig } from './types.js';
import { WsGateway } from './ws-gateway.js';

const APP_ID = /^cli_[0-9a-fA-F]{16}$/;
const BODY_LIMIT = 1024 * 1024;
const DEFAULT_WS_CONFIG: WsClientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

export interface ClickInput {
  appId: string;
  openId: string;
  messageId: string;
  value: Record<string, unknown>;
  option?: string;
  /** The clicked component's tag; a `select_static` when an option is chosen, a button otherwise. */
  tag?: string;
  /** How long the platform waits for each push's answer; the server's `ackTimeoutMs` (Lark: 3 s) otherwise. */
  ackTimeoutMs?: number;
}

/** The app's answer to a card callback, as the client received it. */
export interface ClickAnswer {
  toast?: { type?: string; content?: string };
  card?: { type?: string; data?: unknown };
}

export interface SayInput {
  appId: string;
  chatId: string;
  openId: string;
  name: string;
  text: string;
}

export interface LarkServer {
  /** Base URL, e.g. `http://127.0.0.1:PORT` — the SDK `domain`. */
  readonly url: string;
  stop(): Promise<void>;
  /** A user clicks a card component: delivers card.action.trigger and applies the returned card. */
  click(input: ClickInput): Promise<ClickAnswer>;
  /** A user @-mentions the bot in a group: stores the message and delivers im.message.receive_v1. */
  say(input: SayInput): Promise<void>;
  chatMessages(chatId: string): StoredMessage[];
  message(messageId: string): StoredMessage | undefined;
  readonly urgents: readonly UrgentRecord[];
  readonly acks: readonly AckRecord[];
  /** Calls per route (`'POST /open-apis/im/v1/messages'`) or gateway counter (`ws.endpoint`, `ws.repush`, …). */
  callCount(name: string): number;
  on(event: 'change', listener: (detail: Record<string, string>) => void): void;
  off(event: 'change', listener: (detail: Record<string, string>) => void): void;
  addChat(chat: SandboxChat): void;
  customBotChatId(token: string): string;
  injectFault(fault: Fault): void;
  forceFragments(n: number): void;
  dropConnections(appId?: string): void;
  openConnections(appId: string): number;
  /** Runs the url_verification handshake against an http-mode app's eventUrl. */
  verifyEventUrl(appId: string): Promise<boolean>;
  revokeTokens(): void;
}

/** Starts the local Lark server on loopback. */
export async function startLarkServer(options: LarkServerOptions = {}): Promise<LarkServer> {
  const now = options.now ?? Date.now;
  const apps = new Map((options.apps ?? []).map((a) => [a.appId, a]));
  for (const id of apps.keys()) if (!APP_ID.test(id)) throw new Error(`sandbox app id ${id} must look like cli_ + 16 hex characters`);
  const store = new LarkStore();
  const limits = new LarkRateLimits(now);
  const faults = new FaultInjector();
  const auth = new LarkAuth(apps, now);
  const cardTokens = new CardTokens(now);
  const messages = new LarkMessages(store, limits, cardTokens, now);
  const bots = new Map((options.customBots ?? []).map((b) => [b.token, b]));
  const hook = new CustomBotHook(bots, store, limits, now);
  const ackTimeoutMs = options.ackTimeoutMs ?? 3000;
  const maxRepushes = options.maxRepushes ?? 3;
  const pusher = new HttpPusher(store, now, ackTimeoutMs, maxRepushes);
  let baseUrl = '';
  const gateway = new WsGateway({
    apps,
    store,
    now,
    baseUrl: () => baseUrl,
    clientConfig: { ...DEFAULT_WS_CONFIG, ...options.wsClientConfig },
    ackTimeoutMs,
    maxRepushes,
    fragmentBytes: options.fragmentBytes ?? 32 * 1024,
  });

  const allAppIds = [...apps.keys()];
  for (const chat of options.chats ?? []) store.addChat(chat, allAppIds);
  for (const bot of bots.values()) if (!store.chats.has(hook.chatIdOf(bot))) store.addChat({ chatId: hook.chatIdOf(bot), appIds: [] }, allAppIds);

  const open = new Router()
    .add('POST', '/open-apis/auth/v3/tenant_access_token/internal', auth.issue)
    .add('POST', '/callback/ws/endpoint', gateway.endpoint)
    .add('POST', '/open-apis/bot/v2/hook/:token', hook.handle);
  const api = new Router()
    .add('POST', '/open-apis/im/v1/messages', messages.send)
    .add('POST', '/open-apis/im/v1/messages/:id/reply', messages.reply)
    .add('PATCH', '/open-apis/im/v1/messages/:id', messages.patch)
    .add('PATCH', '/open-apis/im/v1/messages/:id/:kind', messages.urgent)
    .add('POST', '/open-apis/interactive/v1/card/update', messages.cardUpdate)
    .add('GET', '/open-apis/contact/v3/users/:id', contactHandler(store));

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = req.method ?? 'GET';
    const rawBody = await readBody(req, BODY_LIMIT);
    const ctx = { method, path: url.pathname, query: url.searchParams, headers: req.headers, rawBody, params: {}, appId: '' };
    const pub = open.match(method, url.pathname);
    if (pub) {
      store.count(pub.name);
      return pub.handler({ ...ctx, params: pub.params });
    }
    const hit = api.match(method, url.pathname);
    if (!hit) return fail(404, 404, '404 page not found');
    store.count(hit.name);
    const fault = faults.take(url.pathname);
    if (fault) return fault;
    const who = auth.authorize(req.headers);
    if (!('appId' in who)) return who;
    return limits.appCall(who.appId) ?? hit.handler({ ...ctx, params: hit.params, appId: who.appId });
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    route(req)
      .catch((): Reply => fail(500, 1, 'internal error'))
      .then((r) => writeReply(res, r));
  });
  server.on('upgrade', (req, socket, head: Buffer) => gateway.upgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function unionIdOf(openId: string): { unionId?: string } {
    const unionId = store.people.get(openId)?.unionId;
    return unionId ? { unionId } : {};
  }

  function appOf(appId: string): SandboxLarkApp {
    const app = apps.get(appId);
    if (!app) throw new Error(`unknown sandbox app ${appId}`);
    return app;
  }

  /** Delivers over the app's subscription mode and returns what the app answered. */
  async function deliver(app: SandboxLarkApp, event: Record<string, unknown>, timeoutMs = ackTimeoutMs): Promise<unknown> {
    if (app.events === 'http') return (await pusher.push(app, event, timeoutMs)).body;
    const ack = await gateway.push(app.appId, event, timeoutMs);
    if (ack.code !== 200) throw new Error(`app ${app.appId} answered the event with code ${ack.code}`);
    return ack.data;
  }

  return {
    url: baseUrl,
    async stop() {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async click(i) {
      const app = appOf(i.appId);
      const m = store.messages.get(i.messageId);
      if (!m || m.sender.type !== 'app' || m.sender.appId !== app.appId) throw new Error(`message ${i.messageId} is not a card of ${app.appId}`);
      const event = cardActionEvent({
        app,
        eventId: store.id('ev_'),
        openId: i.openId,
        ...unionIdOf(i.openId),
        messageId: m.messageId,
        chatId: m.chatId,
        value: i.value,
        ...(i.option !== undefined && { option: i.option }),
        tag: i.tag ?? (i.option !== undefined ? 'select_static' : 'button'),
        token: cardTokens.issue(app.appId, m.messageId),
        at: now(),
      });
      const answer = ((await deliver(app, event, i.ackTimeoutMs)) ?? {}) as ClickAnswer;
      // The client renders a returned raw card in place, if the card is valid.
      if (answer.card?.type === 'raw' && answer.card.data !== undefined) {
        const content = JSON.stringify(answer.card.data);
        if (checkCard(content).ok) store.updateContent(m.messageId, content, now());
      }
      return answer;
    },
    async say(i) {
      const app = appOf(i.appId);
      if (!store.chats.get(i.chatId)?.appIds.has(app.appId)) throw new Error(`bot of ${app.appId} is not in ${i.chatId}`);
      const t = now();
      const messageId = store.id('om_');
      store.putMessage({ messageId, chatId: i.chatId, sender: { type: 'user', openId: i.openId, name: i.name }, msgType: 'text', content: JSON.stringify({ text: `@${app.botName ?? 'Gong'} ${i.text}` }), createTime: t, updateTime: t });
      await deliver(app, messageEvent({ app, eventId: store.id('ev_'), messageId, chatId: i.chatId, openId: i.openId, ...unionIdOf(i.openId), text: i.text, at: t }));
    },
    chatMessages: (chatId) => store.chatMessages(chatId),
    message: (id) => store.messages.get(id),
    get urgents() {
      return store.urgents;
    },
    get acks() {
      return store.acks;
    },
    callCount: (name) => store.callCount(name),
    on: (event, listener) => void store.on(event, listener),
    off: (event, listener) => void store.off(event, listener),
    addChat: (chat) => store.addChat(chat, [...apps.keys()]),
    customBotChatId: (token) => {
      const bot = bots.get(token);
      if (!bot) throw new Error(`unknown custom bot ${token}`);
      return hook.chatIdOf(bot);
    },
    injectFault: (f) => faults.inject(f),
    forceFragments: (n) => gateway.forceFragments(n),
    dropConnections: (appId) => gateway.dropConnections(appId),
    openConnections: (appId) => gateway.openConnections(appId),
    verifyEventUrl: (appId) => pusher.verifyUrl(appOf(appId)),
    revokeTokens: () => auth.revokeAll(),
  };
}
