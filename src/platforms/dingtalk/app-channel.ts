import { createHash } from 'node:crypto';
import type { AlertChannel, Notice } from '../../cards/channel.js';
import type { DingTalkOpenApi } from './openapi-client.js';
import type { ActionUrl } from '../../cards/alert-view.js';
import { cardUpdate } from '../../shared/platform-error.js';
import { isCardGone } from './errors.js';
import { RENDERERS } from '../renderers.js';

const draw = RENDERERS.dingtalk;

/** Kept well inside DingTalk's outTrackId limit (and readable when the key is short). */
const MAX_OUT_TRACK_ID = 64;

/**
 * The card's outTrackId: the same for every retry of one alert in one chat, so DingTalk itself
 * refuses a second card. Long keys (long chat names) are hashed to stay within the limit.
 */
export function outTrackIdFor(key: string): string {
  if (key.length <= MAX_OUT_TRACK_ID && /^[A-Za-z0-9_-]+$/.test(key)) return key;
  return `gong-${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
}

export interface AppChat {
  name: string;
  conversationId: string;
}

/**
 * A group served by an app robot. With a card template: one interactive card per alert, created
 * with Stream callbacks and updated in place. Without one: markdown whose links are signed
 * action pages; a robot message cannot be edited, so each change is a short follow-up.
 */
export function dingtalkAppChannel(
  chat: AppChat,
  api: DingTalkOpenApi,
  cardTemplateId: string | undefined,
  actionUrl: (alertId: number) => ActionUrl,
): AlertChannel {
  const send = async (message: { title: string; text: string }) =>
    (await api.sendGroupMessage({ openConversationId: chat.conversationId, msgKey: 'sampleMarkdown', msgParam: message })).processQueryKey;
  // The app robot's group-message API has no @ field; names are written into the text.
  const postNotice = async (notice: Notice, key: string) => {
    const { title, text } = draw.notice(notice);
    return (await send({ title, text })) || key;
  };
  if (cardTemplateId === undefined) {
    return {
      chat: chat.name,
      kind: 'dingtalk',
      async postAlert(view, key) {
        const sent = await send(draw.alertMessages['alert-markdown'](view, actionUrl(view.id)));
        return sent || key;
      },
      async updateAlert(_ref, view) {
        await send(draw.alertMessages['follow-up'](view, actionUrl(view.id)));
      },
      postNotice,
    };
  }
  return {
    chat: chat.name,
    kind: 'dingtalk',
    // One platform call, so one budget slot. A card an earlier attempt created (perhaps from an
    // older state) is brought up to date by the delivery job's next step, a budgeted update.
    async postAlert(view, key) {
      const outTrackId = outTrackIdFor(key);
      await api.createAndDeliverCard({ cardTemplateId, outTrackId, openConversationId: chat.conversationId, cardParamMap: draw.alertMessages['card-params'](view) });
      return outTrackId;
    },
    updateAlert: (ref, view) => cardUpdate(api.updateCard(ref, draw.alertMessages['card-params'](view)), isCardGone),
    postNotice,
  };
}
