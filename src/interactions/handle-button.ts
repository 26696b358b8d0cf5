import { and, eq } from 'drizzle-orm';
import type { AlertRow } from '../db/alert-json.js';
import type { GongContext } from '../context.js';
import { cards } from '../db/schema.js';
import { parseAction } from '../domain/parse-action.js';
import { type AlertView, buildAlertView } from '../cards/alert-view.js';
import { appServesChat } from '../config/app-configs.js';
import { groupOf } from '../chats/chat-registry.js';
import { chatWords } from './chat-words.js';
import type { ButtonPress } from './interaction.js';
import { identifyActor } from './identify-actor.js';

export interface ButtonOutcome {
  ok: boolean;
  /** What happened, for the toast: `click.txt` of the clicked chat's set, in its language. */
  message: string;
  /** The card as it should look now in the clicked chat, when the alert is known. */
  view?: AlertView;
  alert?: AlertRow;
}

/** A click on any platform's card: find the alert from the card, act, and say what happened. */
export async function handleButton(gong: GongContext, pressed: ButtonPress): Promise<ButtonOutcome> {
  // Both lookups at once: the platform is waiting for the answer.
  const [actor, card] = await Promise.all([identifyActor(gong, pressed.actor), clickedCard(gong, pressed)]);
  const press = { ...pressed, actor };
  // The card's chat words the answer; a card Gong has forgotten is answered in its group's.
  const words = chatWords(gong, card?.chat, { platform: press.actor.platform, group: press.group });
  const answer = words.say;
  if (!card || !clickMayActOn(gong, press, card.chat)) return { ok: false, message: answer({ kind: 'unknownCard' }) };

  // "Assign" without a chosen person means "assign to me": the presser takes the alert.
  const args = press.action === 'assign' ? { user: press.actor.name, ...press.args } : press.args;
  const parsed = parseAction(press.action, args);
  if (!parsed.ok) return { ok: false, message: answer({ kind: 'invalid', action: press.action }) };

  const result = await gong.alerts.act({
    alertId: card.alertId,
    action: parsed.action,
    actor: press.actor,
    dedupeKey: `${press.actor.platform}:${press.dedupeKey}`,
    origin: { chat: card.chat, receivedAt: press.receivedAt, sentAt: press.sentAt, answerWithinMs: press.answerWithinMs },
  });
  if (!result.ok && result.code === 'not_found') return { ok: false, message: answer({ kind: 'notFound', alertId: card.alertId }) };
  const view = buildAlertView(result.alert, words.options);
  return result.ok
    ? { ok: true, message: answer({ kind: 'done', alert: result.alert, event: result.event }), view, alert: result.alert }
    : { ok: false, message: answer({ kind: 'refused', alert: result.alert, refusal: result.refusal }), view, alert: result.alert };
}

/** A click that came in on an app acts only on cards in the chats that app posts to. */
function clickMayActOn(gong: GongContext, press: ButtonPress, chatName: string): boolean {
  const { platform, app } = press.actor;
  if (platform === 'wecom') return true;
  const chat = gong.chats.get(chatName)?.chat;
  return chat !== undefined && app !== undefined && appServesChat(gong.config, chat, platform, app);
}

/**
 * The card row of the click. The platform shows a card as soon as it takes it, a moment before
 * Gong has written down the card's id: a click in that moment finds the card still being posted
 * (no id yet) for the alert its button names, in the chat of the clicked group.
 */
async function clickedCard(gong: GongContext, pressed: ButtonPress): Promise<{ alertId: number; chat: string } | undefined> {
  const db = gong.database.db;
  const columns = { alertId: cards.alertId, chat: cards.chat };
  const [recorded] = await db.select(columns).from(cards).where(and(eq(cards.ref, pressed.cardRef), eq(cards.platform, pressed.actor.platform)));
  if (recorded || pressed.alertId === undefined || pressed.group === undefined) return recorded;
  const posting = await db.select(columns).from(cards).where(and(eq(cards.alertId, pressed.alertId), eq(cards.platform, pressed.actor.platform), eq(cards.ref, '')));
  return posting.find((row) => {
    const chat = gong.chats.get(row.chat)?.chat;
    return chat !== undefined && groupOf(chat) === pressed.group;
  });
}
