import { checkCard } from './cards.js';
import type { CardTokens } from './card-tokens.js';
import { fail, ok, parseJson, type Reply, type RequestCtx } from './http.js';
import type { LarkRateLimits } from './rate-limits.js';
import type { LarkStore } from './store.js';
import type { StoredMessage, UrgentRecord } from './types.js';

const UUID_WINDOW_MS = 60 * 60_000;
const UPDATE_WINDOW_MS = 14 * 24 * 60 * 60_000;
const TEXT_MAX_BYTES = 150 * 1024;
const URGENT_KINDS = { urgent_app: 'app', urgent_sms: 'sms', urgent_phone: 'phone' } as const;

const badParam = (detail: string): Reply => fail(400, 230001, `Your request contains an invalid request parameter. ${detail}`);
const notInChat = (): Reply => fail(400, 230002, 'The bot can not be outside the group.');
const notSender = (): Reply => fail(400, 230012, 'Bot is NOT the sender of the message.');

/** The im/v1 message endpoints: send, reply, patch, urgent, and the delayed card update. */
export class LarkMessages {
  private readonly uuids = new Map<string, { messageId: string; at: number }>();

  constructor(
    private readonly store: LarkStore,
    private readonly limits: LarkRateLimits,
    private readonly cardTokens: CardTokens,
    private readonly now: () => number,
  ) {}

  send = (ctx: RequestCtx): Reply => {
    if (ctx.query.get('receive_id_type') !== 'chat_id') return badParam('receive_id_type must be chat_id in the sandbox');
    const body = parseJson(ctx.rawBody);
    if (!body || typeof body.receive_id !== 'string') return badParam('receive_id is required');
    const chat = this.store.chats.get(body.receive_id);
    if (!chat) return badParam('invalid receive_id');
    return this.create(ctx.appId, chat.chatId, body, {});
  };

  reply = (ctx: RequestCtx): Reply => {
    const parent = this.store.messages.get(ctx.params.id ?? '');
    if (!parent) return badParam('invalid message_id');
    const body = parseJson(ctx.rawBody);
    if (!body) return badParam('body must be JSON');
    const rootId = parent.rootId ?? parent.messageId;
    const root = this.store.messages.get(rootId);
    const threadId = body.reply_in_thread === true ? (root?.threadId ?? this.store.id('omt_')) : parent.threadId;
    if (root && threadId && !root.threadId) root.threadId = threadId;
    return this.create(ctx.appId, parent.chatId, body, { rootId, parentId: parent.messageId, ...(threadId && { threadId }) });
  };

  patch = (ctx: RequestCtx): Reply => {
    const m = this.store.messages.get(ctx.params.id ?? '');
    if (!m) return badParam('invalid message_id');
    if (m.sender.type !== 'app' || m.sender.appId !== ctx.appId) return notSender();
    if (m.msgType !== 'interactive') return badParam('only interactive messages can be patched');
    if (this.now() - m.createTime > UPDATE_WINDOW_MS) return fail(400, 230031, 'Message can only be modified within 14 days after sending.');
    const limited = this.limits.messagePatch(m.messageId);
    if (limited) return limited;
    const body = parseJson(ctx.rawBody);
    if (typeof body?.content !== 'string') return badParam('content is required');
    const next = checkCard(body.content);
    if (!next.ok) return fail(400, next.code, next.msg);
    const current = checkCard(m.content);
    // Both the stored and the new card must be shared, or the update would fork per viewer.
    if (!next.shared || (current.ok && !current.shared)) return badParam('card must declare config.update_multi=true');
    this.store.updateContent(m.messageId, body.content, this.now());
    return ok({});
  };

  urgent = (ctx: RequestCtx): Reply => {
    const kind = URGENT_KINDS[ctx.params.kind as keyof typeof URGENT_KINDS];
    const m = this.store.messages.get(ctx.params.id ?? '');
    if (!kind || !m) return badParam('invalid message_id');
    if (ctx.query.get('user_id_type') !== 'open_id') return badParam('user_id_type must be open_id in the sandbox');
    if (m.sender.type !== 'app' || m.sender.appId !== ctx.appId) return notSender();
    const chat = this.store.chats.get(m.chatId);
    if (!chat?.appIds.has(ctx.appId)) return notInChat();
    const list = parseJson(ctx.rawBody)?.user_id_list;
    if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string')) return badParam('user_id_list is required');
    const openIds = list as string[];
    const invalid = openIds.filter((id) => !id.startsWith('ou_') || (chat.members !== undefined && !chat.members.has(id)));
    const record: UrgentRecord = { appId: ctx.appId, messageId: m.messageId, kind, openIds: openIds.filter((id) => !invalid.includes(id)), at: this.now() };
    this.store.addUrgent(record);
    return ok({ invalid_user_id_list: invalid });
  };

  /** POST /open-apis/interactive/v1/card/update — the delayed update after a click. */
  cardUpdate = (ctx: RequestCtx): Reply => {
    const body = parseJson(ctx.rawBody);
    if (typeof body?.token !== 'string' || body.card === null || typeof body.card !== 'object') return badParam('token and card are required');
    const use = this.cardTokens.use(body.token, ctx.appId);
    if ('error' in use) return fail(400, 230001, `Your request contains an invalid request parameter. ${use.error}`);
    const content = JSON.stringify(body.card);
    const check = checkCard(content);
    if (!check.ok) return fail(400, check.code, check.msg);
    this.store.updateContent(use.messageId, content, this.now());
    return { status: 200, body: { code: 0, msg: 'ok' } };
  };

  private create(appId: string, chatId: string, body: Record<string, unknown>, thread: Pick<StoredMessage, 'rootId' | 'parentId' | 'threadId'>): Reply {
    const chat = this.store.chats.get(chatId);
    if (!chat?.appIds.has(appId)) return notInChat();
    const uuid = typeof body.uuid === 'string' ? body.uuid : undefined;
    if (uuid !== undefined && uuid.length > 50) return badParam('uuid is longer than 50 characters');
    const seen = uuid && this.uuids.get(`${appId}/${uuid}`);
    if (seen && this.now() - seen.at < UUID_WINDOW_MS) {
      const m = this.store.messages.get(seen.messageId);
      if (m) return ok(messageData(m));
    }
    const msgType = body.msg_type;
    const content = body.content;
    if (typeof msgType !== 'string' || typeof content !== 'string') return badParam('msg_type and content are required');
    const invalid = checkContent(msgType, content);
    if (invalid) return invalid;
    const limited = this.limits.chatSend(chatId);
    if (limited) return limited;
    const t = this.now();
    const m: StoredMessage = { messageId: this.store.id('om_'), chatId, sender: { type: 'app', appId }, msgType, content, ...thread, createTime: t, updateTime: t };
    this.store.putMessage(m);
    if (uuid) this.uuids.set(`${appId}/${uuid}`, { messageId: m.messageId, at: t });
    return ok(messageData(m));
  }
}

function checkContent(msgType: string, content: string): Reply | undefined {
  if (msgType === 'interactive') {
    const card = checkCard(content);
    return card.ok ? undefined : fail(400, card.code, card.msg);
  }
  if (msgType !== 'text' && msgType !== 'post') return badParam(`msg_type ${msgType} is not supported by the sandbox`);
  const limit = msgType === 'text' ? TEXT_MAX_BYTES : 30 * 1024;
  if (Buffer.byteLength(content) > limit) return fail(400, 230025, 'The length of the message content reaches its limit.');
  const parsed = parseJson(content);
  if (!parsed || (msgType === 'text' && typeof parsed.text !== 'string')) return badParam('content does not match msg_type');
  return undefined;
}

/** The `data` the real API returns for a created message. */
function messageData(m: StoredMessage): Record<string, unknown> {
  return {
    message_id: m.messageId,
    ...(m.rootId && { root_id: m.rootId }),
    ...(m.parentId && { parent_id: m.parentId }),
    ...(m.threadId && { thread_id: m.threadId }),
    msg_type: m.msgType,
    create_time: String(m.createTime),
    update_time: String(m.updateTime),
    deleted: false,
    updated: false,
    chat_id: m.chatId,
    sender: m.sender.type === 'app' ? { id: m.sender.appId, id_type: 'app_id', sender_type: 'app' } : {},
    body: { content: m.content },
  };
}
