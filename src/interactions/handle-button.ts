import { and, eq } from 'drizzle-orm';
import type { AlertRow } from '../alerts/alert-json.js';
import type { GongContext } from '../context.js';
import { cards } from '../db/schema.js';
import { parseAction } from '../domain/parse-action.js';
import type { AlertView } from '../platforms/alert-view.js';
import type { ButtonPress } from './interaction.js';
import { identifyActor } from './identify-actor.js';

export interface ButtonOutcome {
  ok: boolean;
  /** A short sentence for the toast or the reply. */
  message: string;
  /** The card as it should look now, when the alert is known. */
  view?: AlertView;
  alert?: AlertRow;
}

/** A click on any platform's card: find the alert from the card, act, and say what happened. */
export async function handleButton(gong: GongContext, pressed: ButtonPress): Promise<ButtonOutcome> {
  // Both lookups at once: the platform is waiting for the answer.
  const [actor, [card]] = await Promise.all([
    identifyActor(gong, pressed.actor),
    gong.database.db
      .select({ alertId: cards.alertId, chat: cards.chat })
      .from(cards)
      .where(and(eq(cards.ref, pressed.cardRef), eq(cards.platform, pressed.actor.platform))),
  ]);
  const press = { ...pressed, actor };
  if (!card) return { ok: false, message: 'Gong does not know this card any more; use the alert id in a command instead.' };

  // "Assign" without a chosen person means "assign to me": the presser takes the alert.
  const args = press.action === 'assign' ? { user: press.actor.name, ...press.args } : press.args;
  const parsed = parseAction(press.action, args);
  if (!parsed.ok) return { ok: false, message: parsed.error };

  const result = await gong.alerts.act({
    alertId: card.alertId,
    action: parsed.action,
    actor: press.actor,
    dedupeKey: `${press.actor.platform}:${press.dedupeKey}`,
    origin: { chat: card.chat, receivedAt: press.receivedAt, answerWithinMs: press.answerWithinMs },
  });
  if (!result.ok && result.code === 'not_found') return { ok: false, message: result.reason };
  const view = gong.views(result.alert);
  return result.ok
    ? { ok: true, message: `#${result.alert.id} ${view.statusLine}`, view, alert: result.alert }
    : { ok: false, message: `#${result.alert.id}: ${result.reason}`, view, alert: result.alert };
}
