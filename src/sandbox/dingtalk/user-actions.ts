import { randomBytes } from 'node:crypto';
import { applyCardUpdate, parseParamMap, parseUpdateOptions } from './card-update.js';
import { isRecord } from './read-json.js';
import { openSession } from './session-webhook.js';
import type { AckRecord, SandboxState } from './state.js';
import type { StreamHub } from './stream-hub.js';

const TOPIC_CARD_CALLBACK = '/v1.0/card/instances/callback';
const TOPIC_ROBOT_MESSAGE = '/v1.0/im/bot/messages/get';
const CORP_ID = 'dingsandboxcorp';

export interface ClickInput {
  userId: string;
  userNick?: string;
  outTrackId: string;
  params: Record<string, string>;
  /** Defaults to `params.action`, the id the Gong template gives each button. */
  actionId?: string;
  /** Which delivered copy of the card was clicked; defaults to the first group it was delivered to. */
  conversationId?: string;
  timeoutMs?: number;
}

export interface SayInput {
  conversationId: string;
  userId: string;
  nick: string;
  /** What the user typed after the @mention. */
  text: string;
  atRobot: boolean;
  /** Which app robot was mentioned; defaults to the first robot of the group. */
  robotCode?: string;
  /** Other members @-mentioned in the text (their staffIds), as `atUsers` carries them. */
  atUserIds?: string[];
  timeoutMs?: number;
}

export interface SayResult {
  msgId: string;
  /** Set when the message reached an app robot. */
  messageId?: string;
  sessionWebhook?: string;
}

/** Simulated people: clicks on cards and messages in groups, turned into Stream CALLBACKs. */
export class UserActions {
  constructor(
    private readonly state: SandboxState,
    private readonly hub: StreamHub,
    private readonly baseUrl: () => string,
    private readonly callbackTimeoutMs: number,
  ) {}

  /**
   * Resolves with the app's callback response once it arrived and was applied to the card;
   * rejects when the card cannot take clicks, the response is invalid or it came too late.
   */
  click(input: ClickInput): Promise<Record<string, unknown>> {
    const card = this.state.cards.get(input.outTrackId);
    if (!card) return Promise.reject(new Error(`no card ${input.outTrackId}`));
    if (card.callbackType !== 'STREAM') {
      return Promise.reject(new Error(`card ${input.outTrackId} was not created with callbackType STREAM`));
    }
    if (input.userNick) this.state.userNicks.set(input.userId, input.userNick);
    const payload = {
      type: 'actionCallback',
      outTrackId: card.outTrackId,
      corpId: CORP_ID,
      userId: input.userId,
      content: JSON.stringify({
        cardPrivateData: { actionIds: [input.actionId ?? input.params.action ?? 'action'], params: input.params },
      }),
      spaceType: 'IM_GROUP',
      spaceId: input.conversationId ?? card.conversationIds[0] ?? '',
      userIdType: 1,
      extension: '{}',
    };
    return this.awaitAck(card.clientId, TOPIC_CARD_CALLBACK, payload, input.timeoutMs, (ack) => {
      const response = isRecord(ack.data) && isRecord(ack.data.response) ? ack.data.response : {};
      const cardData = isRecord(response.cardData) ? response.cardData : undefined;
      const userData = isRecord(response.userPrivateData) ? response.userPrivateData : undefined;
      applyCardUpdate(this.state, card, {
        ...(cardData && { cardParamMap: parseParamMap(cardData.cardParamMap, 'response.cardData.cardParamMap') }),
        ...(userData && {
          privateData: {
            [input.userId]: parseParamMap(userData.cardParamMap, 'response.userPrivateData.cardParamMap'),
          },
        }),
        ...parseUpdateOptions(response.cardUpdateOptions),
      });
      return response;
    });
  }

  /** Posts the user's message in the group; with `atRobot`, also sends it to the robot and waits for the ACK. */
  say(input: SayInput): Promise<SayResult> {
    const group = this.state.groups.get(input.conversationId);
    if (!group) return Promise.reject(new Error(`no group ${input.conversationId}`));
    const robotCode = input.robotCode ?? group.robotCodes[0];
    const app = robotCode === undefined ? undefined : this.state.appByRobotCode(robotCode);
    const msgId = `msg${randomBytes(12).toString('base64url')}`;
    this.state.userNicks.set(input.userId, input.nick);
    this.state.post(group.conversationId, { kind: 'user', userId: input.userId, nick: input.nick, text: input.text });
    if (!input.atRobot) return Promise.resolve({ msgId });
    if (!app || !group.robotCodes.includes(app.robotCode)) {
      return Promise.reject(new Error(`robot ${String(robotCode)} is not in group ${group.conversationId}`));
    }
    const createAt = this.state.now();
    const session = openSession(this.state, group.conversationId, app.robotCode, createAt);
    const sessionWebhook = `${this.baseUrl()}/robot/sendBySession?session=${session}`;
    const chatbotUserId = `$:LWCP_v1:$robot-${app.robotCode}`;
    const payload = {
      conversationId: group.conversationId,
      conversationType: '2',
      conversationTitle: group.title,
      chatbotCorpId: CORP_ID,
      chatbotUserId,
      msgId,
      senderNick: input.nick,
      senderStaffId: input.userId,
      senderId: `$:LWCP_v1:$${Buffer.from(input.userId).toString('base64')}`,
      senderCorpId: CORP_ID,
      isAdmin: false,
      isInAtList: true,
      atUsers: [
        { dingtalkId: chatbotUserId },
        ...(input.atUserIds ?? []).map((staffId) => ({ dingtalkId: `$:LWCP_v1:$${Buffer.from(staffId).toString('base64')}`, staffId })),
      ],
      createAt,
      sessionWebhook,
      sessionWebhookExpiredTime: this.state.sessions.get(session)?.expiresAt ?? createAt,
      robotCode: app.robotCode,
      msgtype: 'text',
      // DingTalk strips the "@robot" and keeps the space that followed it.
      text: { content: ` ${input.text}` },
    };
    return this.awaitAck(app.clientId, TOPIC_ROBOT_MESSAGE, payload, input.timeoutMs, (ack) => ({
      msgId,
      messageId: ack.messageId,
      sessionWebhook,
    }));
  }

  private awaitAck<T>(
    clientId: string,
    topic: string,
    payload: object,
    timeoutMs: number | undefined,
    onAck: (ack: AckRecord) => T,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const limit = timeoutMs ?? this.callbackTimeoutMs;
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new Error(`no response to ${topic} within ${limit} ms`));
      }, limit);
      try {
        this.hub.dispatch(clientId, topic, payload, (ack) => {
          // Past the deadline the platform has already shown the user an error and drops the answer.
          if (late) return;
          clearTimeout(timer);
          try {
            resolve(onAck(ack));
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      } catch (err) {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }
}
