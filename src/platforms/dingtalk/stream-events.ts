import type { DWClientDownStream } from 'dingtalk-stream';

export const TOPIC_CARD_CALLBACK = '/v1.0/card/instances/callback';
export const TOPIC_ROBOT_MESSAGE = '/v1.0/im/bot/messages/get';

/** A button click on a card created with `callbackType: 'STREAM'`. */
export interface CardActionEvent {
  outTrackId: string;
  userId: string;
  params: Record<string, string>;
  actionIds: string[];
  /** The group the clicked copy of the card is in, when DingTalk says. */
  spaceId: string | undefined;
  /** The Stream messageId: the same on every redelivery of this click. */
  messageId: string;
  /** When DingTalk sent the callback (its frame's `time`, ms since the epoch), if it says. */
  sentAt?: number | undefined;
  raw: unknown;
}

/** What the card shows after a click; sent back as the callback's response. */
export interface CardCallbackResponse {
  cardData?: { cardParamMap: Record<string, string> };
  userPrivateData?: { cardParamMap: Record<string, string> };
  cardUpdateOptions?: { updateCardDataByKey?: boolean; updatePrivateDataByKey?: boolean };
}

/** A group message that @-mentioned the robot. */
export interface RobotMessageEvent {
  conversationId: string;
  conversationType: string;
  senderStaffId: string;
  senderNick: string;
  /** The staffIds of the people @-mentioned besides the robot, in the app's organisation. */
  atStaffIds: string[];
  /** Trimmed, without a leading @mention of the robot. */
  text: string;
  msgId: string;
  sessionWebhook: string;
  sessionWebhookExpiredTime: number;
  isInAtList: boolean;
  robotCode: string;
  messageId: string;
  raw: unknown;
}

export class MalformedEventError extends Error {}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedEventError(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function parseJson(text: unknown, what: string): Record<string, unknown> {
  if (typeof text !== 'string') throw new MalformedEventError(`${what} is not a string`);
  try {
    return record(JSON.parse(text), what);
  } catch (err) {
    if (err instanceof MalformedEventError) throw err;
    throw new MalformedEventError(`${what} is not JSON`);
  }
}

function str(obj: Record<string, unknown>, key: string, what: string): string {
  const value = obj[key];
  if (typeof value !== 'string') throw new MalformedEventError(`${what}.${key} is not a string`);
  return value;
}

/** A time in ms since the epoch, as the platform writes it (a string of digits); undefined otherwise. */
function epochMs(value: unknown): number | undefined {
  const ms = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  return Number.isSafeInteger(ms) && ms > 0 ? ms : undefined;
}

export function decodeCardAction(down: DWClientDownStream): CardActionEvent {
  const data = parseJson(down.data, 'data');
  const content = parseJson(data.content, 'data.content');
  const privateData = record(content.cardPrivateData ?? {}, 'cardPrivateData');
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(record(privateData.params ?? {}, 'cardPrivateData.params'))) {
    // Buttons may carry numbers or booleans; Gong's contract is strings, so normalise here once.
    if (value !== null && value !== undefined) params[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  const actionIds = Array.isArray(privateData.actionIds)
    ? privateData.actionIds.filter((a): a is string => typeof a === 'string')
    : [];
  return {
    outTrackId: str(data, 'outTrackId', 'data'),
    userId: str(data, 'userId', 'data'),
    params,
    actionIds,
    spaceId: typeof data.spaceId === 'string' ? data.spaceId : undefined,
    messageId: down.headers.messageId,
    sentAt: epochMs(down.headers.time),
    raw: data,
  };
}

export function decodeRobotMessage(down: DWClientDownStream): RobotMessageEvent {
  const data = parseJson(down.data, 'data');
  const text = data.msgtype === 'text' ? str(record(data.text, 'data.text'), 'content', 'data.text') : '';
  return {
    conversationId: str(data, 'conversationId', 'data'),
    conversationType: String(data.conversationType ?? ''),
    senderStaffId: str(data, 'senderStaffId', 'data'),
    senderNick: typeof data.senderNick === 'string' ? data.senderNick : '',
    // The robot's own entry has no staffId: it is no member of the organisation.
    atStaffIds: (Array.isArray(data.atUsers) ? data.atUsers : []).flatMap((at: unknown) =>
      typeof at === 'object' && at !== null && typeof (at as { staffId?: unknown }).staffId === 'string' ? [(at as { staffId: string }).staffId] : [],
    ),
    // DingTalk strips the @robot itself; a pasted "@Gong" arrives as text, so drop it too.
    text: text.trim().replace(/^@\S+\s*/, ''),
    msgId: str(data, 'msgId', 'data'),
    sessionWebhook: str(data, 'sessionWebhook', 'data'),
    sessionWebhookExpiredTime: Number(data.sessionWebhookExpiredTime ?? 0),
    isInAtList: data.isInAtList === true,
    robotCode: typeof data.robotCode === 'string' ? data.robotCode : '',
    messageId: down.headers.messageId,
    raw: data,
  };
}
