import type { Logger } from 'pino';
import type { Inbound, Transport } from '../transport.js';
import { larkUuid } from './app-channel.js';
import { noticeCard } from './render-notice.js';
import type { LarkClient } from './client.js';
import type { LarkCardAction, LarkIncomingMessage, LarkTransport } from './events.js';
import { createPeopleBook } from './people.js';
import { renderLarkCard } from './render-card.js';

type PeopleBook = ReturnType<typeof createPeopleBook>;

/** Lark drops a card callback's answer that comes later than this, over WS and HTTP alike. */
const CARD_ACTION_ANSWER_WITHIN_MS = 3_000;

/**
 * One Lark app's inbound events, over the long connection or HTTP (`wire`): its card clicks and
 * @-messages go to `dispatch`. `budgetApp` names the app in the budget when there are several
 * (the key its chats' sends and updates use: a lone app's chats need not name it).
 */
export function larkTransport(
  wire: LarkTransport,
  app: { name: string; client: LarkClient; budgetApp: string | undefined },
  inbound: Inbound,
  logger: Logger,
): Transport {
  const personOf = createPeopleBook(app.client, app.name, () => inbound.budget.take({ platform: 'lark', app: app.budgetApp }));
  wire.onCardAction((event) => answerClick(inbound, personOf, event));
  wire.onMessage((message) => answerCommand(inbound, { ...app, personOf }, message));
  wire.onStateChange((state) => logger.info({ state: state.status, ...('reason' in state && { reason: state.reason }) }, 'lark connection'));
  return {
    start: () => wire.start(),
    stop: () => wire.stop(),
    status() {
      const state = wire.state();
      return { platform: 'lark', app: app.name, state: state.status, ...('reason' in state && { reason: state.reason }) };
    },
  };
}

/**
 * The clicked card is refreshed by this answer (or, when it came too late for Lark, by a
 * card-update job after Lark's deadline); the others by jobs.
 */
async function answerClick(inbound: Inbound, personOf: PeopleBook, event: LarkCardAction) {
  // Before the person look-ups below, which can call Lark: the wait runs from here.
  const receivedAt = Date.now();
  const action = typeof event.value.action === 'string' ? event.value.action : '';
  // The snooze menu's option is a duration; the person picker's is the chosen person's open_id in this app.
  const [actor, assignee] = await Promise.all([
    personOf({ openId: event.openId, ...(event.unionId && { unionId: event.unionId }) }),
    event.option && action === 'assign' ? personOf({ openId: event.option }) : undefined,
  ]);
  const outcome = await inbound.dispatch({
    kind: 'button',
    platform: 'lark',
    actor,
    target: {
      cardRef: event.messageId,
      group: event.chatId,
      ...(/^\d+$/.test(String(event.value.alertId)) && { alertId: Number(event.value.alertId) }),
    },
    action,
    args: event.option && action === 'snooze' ? { duration: event.option } : {},
    assignee,
    dedupeKey: event.eventId,
    receivedAt,
    sentAt: event.sentAt,
    answerWithinMs: CARD_ACTION_ANSWER_WITHIN_MS,
  });
  return {
    toast: { type: outcome.ok ? ('success' as const) : ('warning' as const), content: outcome.message },
    ...(outcome.view && { card: renderLarkCard(outcome.view) }),
  };
}

async function answerCommand(inbound: Inbound, app: { client: LarkClient; personOf: PeopleBook; budgetApp: string | undefined }, message: LarkIncomingMessage): Promise<void> {
  const { client, personOf } = app;
  const [actor, mentions] = await Promise.all([
    personOf({ openId: message.openId, ...(message.unionId && { unionId: message.unionId }) }),
    Promise.all(message.mentions.map((m) => personOf({ openId: m.openId, name: m.name, ...(m.unionId && { unionId: m.unionId }) }))),
  ]);
  await inbound.dispatch({
    kind: 'command',
    platform: 'lark',
    actor,
    target: { group: message.chatId },
    text: message.text,
    mentions,
    dedupeKey: message.eventId,
    respond: async (reply) => {
      const card = noticeCard({ kind: 'update', title: reply.title, markdown: reply.markdown, mentions: [{ name: actor.name, lark: message.openId }], templates: reply.templates });
      await inbound.budget.reply({ platform: 'lark', group: message.chatId, app: app.budgetApp }, () =>
        client.replyCard(message.messageId, card, { uuid: larkUuid(`reply-${message.eventId}`) }),
      );
    },
  });
}
