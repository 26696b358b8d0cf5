import type { ChatConfig, LarkAppConfig } from '../../config/schema.js';
import type { GongContext } from '../../context.js';
import { GuardedRouter, routeGuard } from '../../shared/guarded-router.js';
import { handleButton } from '../../interactions/handle-button.js';
import { handleCommand } from '../../interactions/handle-command.js';
import { identifyActor } from '../../interactions/identify-actor.js';
import { chatsOfApp, namedApps } from '../app-configs.js';
import type { AlertChannel } from '../channel.js';
import type { AppStatus, PlatformRuntime } from '../platform-runtime.js';
import { composeReply, templatesOf } from '../../templates/compose.js';
import { larkAppChannel, larkUuid, noticeCard } from './app-channel.js';
import { createLarkClient, type LarkClient } from './client.js';
import type { LarkCardAction, LarkIncomingMessage, LarkTransport } from './events.js';
import { createHttpTransport } from './http-transport.js';
import type { Actor } from '../../domain/actor.js';
import { createPeopleBook, type LarkPerson } from './people.js';
import { renderLarkCard } from './render-card.js';
import { larkWebhookChannel } from './webhook-channel.js';
import { createWsTransport } from './ws-transport.js';
import { larkAppWindows } from '../../delivery/limits.js';
import { createRateBudget, type RateBudget } from '../../delivery/rate-budget.js';
import { sendWithinChatBudget } from '../../delivery/reply-budget.js';

type PeopleBook = (person: LarkPerson) => Promise<Actor & { platform: 'lark' }>;

/** Starts every configured Lark app (long connection or HTTP events) and the Lark chats' channels. */
export async function startLark(gong: GongContext): Promise<PlatformRuntime> {
  const apps = namedApps(gong.config.lark, 'lark');
  const larkChats = gong.config.chats.flatMap((chat) => (chat.type === 'lark' ? [chat] : []));
  const webhooks = gong.config.chats.flatMap((chat) => (chat.type === 'lark-webhook' ? [larkWebhookChannel(gong, chat)] : []));
  const channels: AlertChannel[] = [...webhooks];
  const routers: GuardedRouter[] = [];
  const running: { app: string; transport: LarkTransport }[] = [];
  const clients = new Map<string, LarkClient>();
  const budget = createRateBudget(gong.database.db);

  for (const app of apps) {
    const logger = gong.logger.child({ platform: 'lark', app: app.name });
    const client = createLarkClient({ appId: app.appId, appSecret: app.appSecret, domain: app.domain, logger });
    clients.set(app.name, client);
    for (const chat of chatsOfApp(larkChats, app.name, apps.length)) channels.push(larkAppChannel(chat, client));

    const transport = app.events === 'http' ? httpTransport(app, logger, routers, apps.length) : createWsTransport({ ...app, logger });
    // The key its chats' sends and updates use: a lone app's chats need not name it.
    const personOf = createPeopleBook(client, app.name, { budget, windows: larkAppWindows(apps.length === 1 ? undefined : app.name) });
    transport.onCardAction((event) => answerClick(gong, personOf, event));
    const chatOf = (chatId: string) => replyChat(gong, chatId, apps.length === 1 ? undefined : app.name);
    transport.onMessage((message) => answerCommand(gong, { client, personOf, budget, chatOf }, message));
    transport.onStateChange((state) => logger.info({ state: state.status, ...('reason' in state && { reason: state.reason }) }, 'lark connection'));
    await transport.start();
    running.push({ app: app.name, transport });
  }

  return {
    channels,
    channelFor(chat) {
      if (chat.type === 'lark-webhook') return larkWebhookChannel(gong, chat);
      if (chat.type !== 'lark') return undefined;
      // Same rule as chatsOfApp: a chat naming no app is served when there is exactly one.
      const client = chat.app ? clients.get(chat.app) : clients.size === 1 ? [...clients.values()][0] : undefined;
      return client && larkAppChannel(chat, client);
    },
    routers,
    status: () => [
      ...running.map(({ app, transport }): AppStatus => {
        const state = transport.state();
        return { platform: 'lark', app, state: state.status, ...('reason' in state && { reason: state.reason }) };
      }),
      ...webhooks.flatMap((webhook) => webhook.status() ?? []),
    ],
    async stop() {
      for (const { transport } of running) await transport.stop();
    },
  };
}

/** HTTP event subscription: `/lark/events/<app>`, and `/lark/events` too when there is one app. */
function httpTransport(app: LarkAppConfig & { name: string }, logger: GongContext['logger'], routers: GuardedRouter[], appCount: number): LarkTransport {
  const transport = createHttpTransport({
    appId: app.appId,
    ...(app.encryptKey && { encryptKey: app.encryptKey }),
    ...(app.verificationToken && { verificationToken: app.verificationToken }),
    logger,
  });
  // The transport verifies each event (signature or verification token) before dispatching it.
  const signed = routeGuard('platformSignature', (_ctx, next) => next());
  const router = new GuardedRouter().post(`/lark/events/${app.name}`, signed, transport.middleware);
  if (appCount === 1) router.post('/lark/events', signed, transport.middleware);
  routers.push(router);
  return transport;
}

/** Lark drops a card callback's answer that comes later than this, over WS and HTTP alike. */
const CARD_ACTION_ANSWER_WITHIN_MS = 3_000;

/**
 * The clicked card is refreshed by this answer (or, when it came too late for Lark, by a
 * card-update job after Lark's deadline); the others by jobs.
 */
async function answerClick(gong: GongContext, personOf: PeopleBook, event: LarkCardAction) {
  // Before the person look-ups below, which can call Lark: the wait runs from here.
  const receivedAt = Date.now();
  const action = typeof event.value.action === 'string' ? event.value.action : '';
  // The snooze menu's option is a duration; the person picker's is the chosen person's open_id
  // in this app, named after the user behind that account.
  const args: Record<string, string> = {};
  if (event.option && action === 'snooze') args.duration = event.option;
  if (event.option && action === 'assign') args.user = (await identifyActor(gong, await personOf({ openId: event.option }))).name;
  const outcome = await handleButton(gong, {
    actor: await personOf({ openId: event.openId, ...(event.unionId && { unionId: event.unionId }) }),
    cardRef: event.messageId,
    action,
    args,
    dedupeKey: event.eventId,
    group: event.chatId,
    ...(/^\d+$/.test(String(event.value.alertId)) && { alertId: Number(event.value.alertId) }),
    receivedAt,
    sentAt: event.sentAt,
    answerWithinMs: CARD_ACTION_ANSWER_WITHIN_MS,
  });
  return {
    toast: { type: outcome.ok ? ('success' as const) : ('warning' as const), content: outcome.message },
    ...(outcome.view && { card: renderLarkCard(outcome.view) }),
  };
}

interface CommandDeps {
  client: LarkClient;
  personOf: PeopleBook;
  budget: RateBudget;
  chatOf: (chatId: string) => ChatConfig;
}

async function answerCommand(gong: GongContext, deps: CommandDeps, message: LarkIncomingMessage): Promise<void> {
  const { client, personOf } = deps;
  const actor = await personOf({ openId: message.openId, ...(message.unionId && { unionId: message.unionId }) });
  const mentions = await Promise.all(message.mentions.map((m) => personOf({ openId: m.openId, name: m.name, ...(m.unionId && { unionId: m.unionId }) })));
  const body = await handleCommand(gong, { actor, text: message.text, dedupeKey: message.eventId, mentions });
  // Worded in the group's own template set and language, else the configured ones.
  const chat = deps.chatOf(message.chatId);
  const options = gong.chats.look(chat.name);
  const reply = composeReply(body, options, 'lark');
  const card = noticeCard({ kind: 'update', ...reply, mentions: [{ name: actor.name, lark: message.openId }], templates: templatesOf(options) });
  await sendWithinChatBudget(deps.budget, chat, () => client.replyCard(message.messageId, card, { uuid: larkUuid(`reply-${message.eventId}`) }));
}

/**
 * The chat a command was written in: its chat (from the file or the API), or for a group Gong posts nothing to,
 * one standing in for it, so the reply still counts against the group's and the app's limits.
 */
function replyChat(gong: GongContext, chatId: string, app: string | undefined): ChatConfig {
  const configured = gong.chats.ofGroup('lark', chatId);
  return configured ?? { name: `lark:${chatId}`, type: 'lark', chatId, ...(app && { app }), publish: [], dailyStats: [] };
}
