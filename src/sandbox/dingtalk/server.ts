import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { Router } from '@koa/router';
import { OpenApiAuth, type InjectedFault } from './auth.js';
import { cardRoutes } from './cards.js';
import { customRobotRoutes } from './custom-robot.js';
import { StreamGateway } from './gateway.js';
import { renderOpenApiErrors } from './openapi-error.js';
import { robotMessageRoutes } from './robot-messages.js';
import { sessionWebhookRoutes } from './session-webhook.js';
import { SandboxState, type AckRecord, type ChangeEvent, type GroupMessage } from './state.js';
import { StreamHub } from './stream-hub.js';
import { UserActions, type ClickInput, type SayInput, type SayResult } from './user-actions.js';

export interface DingTalkServerOptions {
  apps?: Array<{ clientId: string; clientSecret: string; robotCode?: string }>;
  /** Groups (openConversationIds) the platform knows; their robots default to every app's robot. */
  groups?: Array<{ conversationId: string; title?: string; robotCodes?: string[] }>;
  robots?: Array<{ accessToken: string; secret?: string; keywords?: string[]; conversationId?: string }>;
  host?: string;
  port?: number;
  /** The platform clock (tokens, tickets, rate limits, sessions), injectable so tests move time. */
  now?: () => number;
  redeliverAfterMs?: number;
  maxRedeliveries?: number;
  ticketLifetimeMs?: number;
  tokenLifetimeSeconds?: number;
  pingIntervalMs?: number;
  /** How long `click()` / `say()` wait for the app's answer (DingTalk gives card callbacks 2 s). */
  callbackTimeoutMs?: number;
  disconnectGraceMs?: number;
}

export interface DingTalkServerHandle {
  /** `http://127.0.0.1:PORT`: the apiBase of the OpenAPI, the gateway and the webhooks. */
  readonly url: string;
  stop(): Promise<void>;
  on(event: 'change', listener: (e: ChangeEvent) => void): () => void;
  addGroup(group: { conversationId: string; title?: string; robotCodes?: string[] }): void;

  click(input: ClickInput): Promise<Record<string, unknown>>;
  say(input: SayInput): Promise<SayResult>;

  groupMessages(conversationId: string): readonly GroupMessage[];
  card(outTrackId: string): Record<string, string> | undefined;
  cardPrivateData(outTrackId: string, userId: string): Record<string, string> | undefined;
  robotMessages(accessToken: string): ReadonlyArray<{ at: number; body: Record<string, unknown> }>;
  acks(): readonly AckRecord[];
  /** Requests received by `'METHOD /path'`, whatever their outcome. */
  callCount(endpoint: string): number;
  deliveries(messageId: string): number;
  connectionCount(clientId?: string): number;
  userNick(userId: string): string | undefined;

  setQpsLimited(on: boolean): void;
  injectFault(fault: InjectedFault): void;
  expireTokens(): void;
  dropConnections(): void;
  disconnect(reason?: string): void;
  dropNextAcks(count: number): void;
}

/** Starts the local DingTalk: OpenAPI, Stream gateway and socket, and the webhook robots on one port. */
export async function startDingTalkServer(options: DingTalkServerOptions = {}): Promise<DingTalkServerHandle> {
  const state = new SandboxState(options.now ?? Date.now);
  for (const app of options.apps ?? []) {
    state.apps.set(app.clientId, { ...app, robotCode: app.robotCode ?? app.clientId });
  }
  const addGroup = (group: { conversationId: string; title?: string; robotCodes?: string[] }): void => {
    state.groups.set(group.conversationId, {
      conversationId: group.conversationId,
      title: group.title ?? group.conversationId,
      robotCodes: group.robotCodes ?? [...state.apps.values()].map((a) => a.robotCode),
    });
  };
  for (const group of options.groups ?? []) addGroup(group);
  for (const robot of options.robots ?? []) {
    state.customRobots.set(robot.accessToken, { ...robot, keywords: robot.keywords ?? [] });
  }

  let url = '';
  const auth = new OpenApiAuth(state, options.tokenLifetimeSeconds ?? 7200);
  const gateway = new StreamGateway(state, auth, options.ticketLifetimeMs ?? 90_000, () =>
    url.replace(/^http/, 'ws').concat('/connect'),
  );
  const hub = new StreamHub(state, {
    redeliverAfterMs: options.redeliverAfterMs ?? 60_000,
    maxRedeliveries: options.maxRedeliveries ?? 3,
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
    disconnectGraceMs: options.disconnectGraceMs ?? 10_000,
  });
  const users = new UserActions(state, hub, () => url, options.callbackTimeoutMs ?? 2000);

  const router = new Router();
  auth.routes(router);
  gateway.routes(router);
  cardRoutes(router, state, auth);
  robotMessageRoutes(router, state, auth);
  customRobotRoutes(router, state);
  sessionWebhookRoutes(router, state);

  const koa = new Koa();
  koa.use(async (ctx, next) => {
    state.countCall(`${ctx.method} ${ctx.path}`);
    await next();
  });
  koa.use(renderOpenApiErrors);
  koa.use(router.routes());
  koa.use(router.allowedMethods());

  const server = createServer(koa.callback());
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const target = new URL(req.url ?? '/', 'http://sandbox');
    const ticket = target.pathname === '/connect' ? gateway.consume(target.searchParams.get('ticket') ?? '') : undefined;
    if (!ticket) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    hub.accept(req, socket, head, ticket);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  url = `http://${address.address}:${address.port}`;

  return {
    url,
    async stop() {
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    on(event, listener) {
      state.events.on(event, listener);
      return () => state.events.off(event, listener);
    },
    addGroup,
    click: (input) => users.click(input),
    say: (input) => users.say(input),
    groupMessages: (conversationId) => state.timeline(conversationId),
    card: (outTrackId) => state.cards.get(outTrackId)?.cardParamMap,
    cardPrivateData: (outTrackId, userId) => state.cards.get(outTrackId)?.privateData[userId],
    robotMessages: (accessToken) => state.customRobotMessages.get(accessToken) ?? [],
    acks: () => state.acks,
    callCount: (endpoint) => state.calls.get(endpoint) ?? 0,
    deliveries: (messageId) => hub.deliveries(messageId),
    connectionCount: (clientId) => hub.connectionCount(clientId),
    userNick: (userId) => state.userNicks.get(userId),
    setQpsLimited: (on) => auth.setQpsLimited(on),
    injectFault: (fault) => auth.injectFault(fault),
    expireTokens: () => auth.expireTokens(),
    dropConnections: () => hub.dropConnections(),
    disconnect: (reason = 'server maintenance') => hub.disconnect(reason),
    dropNextAcks: (count) => hub.dropNextAcks(count),
  };
}
