import type { Logger } from 'pino';
import type { Dispatch } from '../transport.js';
import { cardParams } from './card-params.js';
import type { CardActionEvent, CardCallbackResponse } from './stream-events.js';
import type { UserNames } from './user-names.js';

/** DingTalk drops a callback response that comes later than this and shows the user an error. */
const CALLBACK_ANSWER_WITHIN_MS = 2_000;

/**
 * Answers a card button click. The answer is the callback response, which DingTalk applies to
 * the clicked card at once (if it comes within 2 s; else a card-update job repairs the card);
 * other cards of the alert follow through the card-update jobs. What happened, worded in the
 * chat's language, goes to the clicker alone as the card's private `clickResult` variable
 * (DingTalk has no toast). The
 * Stream messageId is the dedupe key, so a redelivered click (to this or another instance)
 * changes nothing and gets the same card back.
 */
export function answerCardAction(dispatch: Dispatch, app: string, names: UserNames, logger: Logger): (event: CardActionEvent) => Promise<CardCallbackResponse> {
  return async (event) => {
    const receivedAt = Date.now();
    const outcome = await dispatch({
      kind: 'button',
      platform: 'dingtalk',
      actor: { platform: 'dingtalk', app, id: event.userId, name: names.nameOf(event.userId) },
      // The outTrackId is Gong's card key, which names the alert of a card still being posted.
      target: { cardRef: event.outTrackId, group: event.spaceId },
      action: event.params.action ?? event.actionIds[0] ?? '',
      args: event.params.duration ? { duration: event.params.duration } : {},
      dedupeKey: event.messageId,
      receivedAt,
      sentAt: event.sentAt,
      answerWithinMs: CALLBACK_ANSWER_WITHIN_MS,
    });
    if (!outcome.ok) logger.info({ outTrackId: event.outTrackId, reason: outcome.message }, 'DingTalk click refused');
    const clicker = { userPrivateData: { cardParamMap: { clickResult: outcome.message } } };
    // A refused click still redraws the card, so it shows what actually happened.
    if (!outcome.view) return { ...clicker, cardUpdateOptions: { updatePrivateDataByKey: true } };
    return { cardData: { cardParamMap: cardParams(outcome.view) }, ...clicker, cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true } };
  };
}
