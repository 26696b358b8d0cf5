import { groupOf } from '../chats/chat-registry.js';
import { parseAction } from '../domain/parse-action.js';
import { alertIdOfCardKey } from '../cards/card-key.js';
import { buildAlertView } from '../cards/alert-view.js';
import { appServesChat } from '../config/app-configs.js';
import type { ButtonAnswer, ButtonInteraction } from '../platforms/transport.js';
import { chatWords } from './chat-words.js';
import type { InteractionDeps } from './deps.js';

type CardPlace = { alertId: number; chat: string };

/** A click on any platform's card: find the alert from the card, act, and say what happened. */
export async function handleButton(deps: InteractionDeps, pressed: ButtonInteraction): Promise<ButtonAnswer> {
  // Every lookup at once: the platform is waiting for the answer.
  const [actor, card, assignee] = await Promise.all([
    deps.identify(pressed.actor),
    clickedCard(deps, pressed),
    pressed.assignee && deps.identify(pressed.assignee),
  ]);
  const press = { ...pressed, actor };
  // The card's chat words the answer; a card Gong has forgotten is answered in its group's.
  const words = chatWords(deps.chats, card?.chat, { platform: press.platform, group: press.target.group });
  const answer = words.say;
  if (!card || !clickMayActOn(deps, press, card.chat)) return { ok: false, message: answer({ kind: 'unknownCard' }) };

  // "Assign" without a chosen person means "assign to me": the presser takes the alert.
  const args = press.action === 'assign' ? { user: press.actor.name, ...press.args, ...(assignee && { user: assignee.name }) } : press.args;
  const parsed = parseAction(press.action, args);
  if (!parsed.ok) return { ok: false, message: answer({ kind: 'invalid', action: press.action }) };

  const result = await deps.alerts.act({
    alertId: card.alertId,
    action: parsed.action,
    actor: press.actor,
    dedupeKey: `${press.actor.platform}:${press.dedupeKey}`,
    origin: { chat: card.chat, receivedAt: press.receivedAt, sentAt: press.sentAt, answerWithinMs: press.answerWithinMs },
  });
  if (!result.ok && result.code === 'not_found') return { ok: false, message: answer({ kind: 'notFound', alertId: card.alertId }) };
  // The answer redraws the clicked card whole: an incident of several lists its alerts there too.
  const view = buildAlertView(result.alert, words.options, { alerts: await deps.alerts.cardAlerts(result.alert), publicUrl: deps.config.server.publicUrl });
  return result.ok
    ? { ok: true, message: answer({ kind: 'done', alert: result.alert, event: result.event }), view }
    : { ok: false, message: answer({ kind: 'refused', alert: result.alert, refusal: result.refusal }), view };
}

/** A click that came in on an app acts only on cards in the chats that app posts to. */
function clickMayActOn(deps: InteractionDeps, press: ButtonInteraction, chatName: string): boolean {
  const { platform, app } = press.actor;
  if (platform === 'wecom') return true;
  const chat = deps.chats.get(chatName)?.chat;
  return chat !== undefined && app !== undefined && appServesChat(deps.config, chat, platform, app);
}

/**
 * The card row of the click. The platform shows a card as soon as it takes it, a moment before
 * Gong has written down the card's id: a click in that moment finds the card still being posted
 * (no id yet) for the alert its button names (or its card key, a DingTalk outTrackId, names),
 * in the chat of the clicked group.
 */
async function clickedCard(deps: InteractionDeps, pressed: ButtonInteraction): Promise<CardPlace | undefined> {
  const { cardRef, group } = pressed.target;
  const alertId = pressed.target.alertId ?? alertIdOfCardKey(cardRef);
  const { recorded, posting } = await deps.alerts.cardsOfClick(pressed.actor.platform, cardRef, alertId);
  if (recorded || group === undefined) return recorded;
  return posting.find((row) => {
    const chat = deps.chats.get(row.chat)?.chat;
    return chat !== undefined && groupOf(chat) === group;
  });
}
