import { AccessTokenCache } from './access-token.js';
import { DingTalkError, transportError } from './errors.js';

export interface OpenApiClientOptions {
  clientId: string;
  clientSecret: string;
  /** Defaults to the clientId, as in DingTalk unless the admin changed it. */
  robotCode?: string;
  apiBase?: string;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

export interface CreateAndDeliverCardInput {
  cardTemplateId: string;
  /** Derive it from alert and chat: DingTalk refuses a second card with the same id. */
  outTrackId: string;
  openConversationId: string;
  cardParamMap: Record<string, string>;
  robotCode?: string;
  /** userId → display name of the people the delivery @-mentions. */
  atUserIds?: Record<string, string>;
}

export type GroupMessageInput = {
  openConversationId: string;
  robotCode?: string;
} & (
  | { msgKey: 'sampleText'; msgParam: { content: string } }
  | { msgKey: 'sampleMarkdown'; msgParam: { title: string; text: string } }
  | { msgKey: 'sampleActionCard'; msgParam: { title: string; text: string; singleTitle: string; singleURL: string } }
  | {
      msgKey: 'sampleActionCard2' | 'sampleActionCard3' | 'sampleActionCard4' | 'sampleActionCard5';
      msgParam: { title: string; text: string } & Record<`actionTitle${number}` | `actionURL${number}`, string>;
    }
);

export const CARD_ALREADY_EXISTS = 'param.cardAlreadyExist';
const MAX_MSG_PARAM_BYTES = 15000;

/** Codes that say "not now" rather than "never": the per-second and per-API throttles. */
function isThrottle(code: string): boolean {
  return code.startsWith('Forbidden.AccessDenied.QpsLimit');
}

/** The OpenAPI calls Gong makes as an app robot: cards and group messages. */
export class DingTalkOpenApi {
  private readonly apiBase: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly robotCode: string;
  private readonly tokens: AccessTokenCache;

  constructor(options: OpenApiClientOptions) {
    this.apiBase = (options.apiBase ?? 'https://api.dingtalk.com').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.robotCode = options.robotCode ?? options.clientId;
    this.tokens = new AccessTokenCache({
      apiBase: this.apiBase,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      fetch: this.fetchImpl,
      now: options.now ?? Date.now,
      timeoutMs: this.timeoutMs,
    });
  }

  /**
   * Creates the card and posts it into the group with Stream callbacks. A retry after an
   * uncertain failure answers `alreadyExisted: true` instead of failing: the card is there.
   */
  async createAndDeliverCard(input: CreateAndDeliverCardInput): Promise<{ outTrackId: string; alreadyExisted: boolean }> {
    const robotCode = input.robotCode ?? this.robotCode;
    let body: { result?: { deliverResults?: Array<{ success?: boolean; spaceId?: string; errorMsg?: string }> } };
    try {
      body = await this.call('POST', '/v1.0/card/instances/createAndDeliver', {
        cardTemplateId: input.cardTemplateId,
        outTrackId: input.outTrackId,
        callbackType: 'STREAM',
        cardData: { cardParamMap: input.cardParamMap },
        openSpaceId: `dtv1.card//IM_GROUP.${input.openConversationId}`,
        imGroupOpenSpaceModel: { supportForward: true },
        imGroupOpenDeliverModel: { robotCode, ...(input.atUserIds && { atUserIds: input.atUserIds }) },
        userIdType: 1,
      });
    } catch (err) {
      if (err instanceof DingTalkError && err.code === CARD_ALREADY_EXISTS) {
        return { outTrackId: input.outTrackId, alreadyExisted: true };
      }
      throw err;
    }
    const failed = (body.result?.deliverResults ?? []).filter((r) => r.success !== true);
    if (failed.length > 0) {
      // Usually the robot is not in the group: a configuration problem retries cannot fix.
      const reasons = failed.map((r) => `${r.spaceId ?? '?'}: ${r.errorMsg ?? 'unknown'}`).join('; ');
      throw new DingTalkError(`DingTalk card delivery failed (${reasons})`, { code: 'deliverFailed', retryable: false });
    }
    return { outTrackId: input.outTrackId, alreadyExisted: false };
  }

  /** Merges the given keys into the card's data; `replace` drops keys not given. */
  async updateCard(outTrackId: string, cardParamMap: Record<string, string>, options: { replace?: boolean } = {}): Promise<void> {
    await this.call('PUT', '/v1.0/card/instances', {
      outTrackId,
      cardData: { cardParamMap },
      cardUpdateOptions: { updateCardDataByKey: options.replace !== true },
      userIdType: 1,
    });
  }

  async sendGroupMessage(input: GroupMessageInput): Promise<{ processQueryKey: string }> {
    const msgParam = JSON.stringify(input.msgParam);
    if (Buffer.byteLength(msgParam) > MAX_MSG_PARAM_BYTES) {
      throw new DingTalkError(`DingTalk group message is over ${MAX_MSG_PARAM_BYTES} bytes`, {
        code: 'msgParamTooLong',
        retryable: false,
      });
    }
    const body = await this.call<{ processQueryKey?: string }>('POST', '/v1.0/robot/groupMessages/send', {
      msgKey: input.msgKey,
      msgParam,
      openConversationId: input.openConversationId,
      robotCode: input.robotCode ?? this.robotCode,
    });
    return { processQueryKey: body.processQueryKey ?? '' };
  }

  async recallGroupMessages(
    openConversationId: string,
    processQueryKeys: string[],
  ): Promise<{ recalled: string[]; failed: Record<string, string> }> {
    const body = await this.call<{ successResult?: string[]; failedResult?: Record<string, string> }>(
      'POST',
      '/v1.0/robot/groupMessages/recall',
      { openConversationId, robotCode: this.robotCode, processQueryKeys },
    );
    return { recalled: body.successResult ?? [], failed: body.failedResult ?? {} };
  }

  /**
   * One OpenAPI call; a refused token is renewed and the call tried once more. The app's 20
   * calls/s are kept by the delivery layer's fleet-wide budget; a QPS refusal anyway is a
   * retryable error that holds the app's budget for a second.
   */
  private async call<T>(method: string, path: string, payload: object, renewed = false): Promise<T> {
    const what = `DingTalk ${method} ${path}`;
    const token = await this.tokens.get();
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.apiBase}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw transportError(what, err, this.apiBase);
    }
    const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (res.ok) return (body ?? {}) as T;
    const code = typeof body?.code === 'string' ? body.code : `http${res.status}`;
    if (code === 'InvalidAuthentication' && !renewed) {
      this.tokens.invalidate(token);
      return this.call(method, path, payload, true);
    }
    const message = typeof body?.message === 'string' ? body.message : '';
    const throttled = isThrottle(code);
    throw new DingTalkError(`${what} failed: ${code}${message ? ` (${message})` : ''}`, {
      code,
      httpStatus: res.status,
      retryable: throttled || res.status >= 500 || res.status === 429,
      ...(throttled && { retryAfterMs: 1000 }),
    });
  }
}
