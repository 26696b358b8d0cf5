import * as lark from '@larksuiteoapi/node-sdk';
import { pino, type Logger } from 'pino';
import { fromBody, LarkApiError, toLarkError, TOKEN_CODES } from './errors.js';
import { sdkLogger } from './sdk-logger.js';
import { TokenCache } from './token-cache.js';

/** `feishu` (open.feishu.cn), `lark` (open.larksuite.com) or a base URL such as the sandbox's. */
export type LarkDomain = 'feishu' | 'lark' | (string & {});

export interface LarkClientOptions {
  appId: string;
  appSecret: string;
  domain: LarkDomain;
  logger?: Logger;
  /** Per-request timeout; a hung platform must not hold a delivery job forever. */
  timeoutMs?: number;
}

export interface Mention {
  openId: string;
  name: string;
}

export type UrgentKind = 'app' | 'sms' | 'phone';

export interface LarkClient {
  readonly appId: string;
  /** The underlying SDK client, for calls this module does not wrap. */
  readonly sdk: lark.Client;
  /** Posts an interactive card; the same `uuid` within an hour returns the first message instead of a second one. */
  sendCard(chatId: string, card: object, uuid: string): Promise<string>;
  patchCard(messageId: string, card: object): Promise<void>;
  /** Replies in the message's thread; mentions come first so the people are notified. */
  replyText(messageId: string, text: string, opts?: ReplyOptions): Promise<string>;
  replyPost(messageId: string, post: { title?: string; text: string }, opts?: ReplyOptions): Promise<string>;
  /** Replies in the thread with a card: the only reply type that renders Markdown. */
  replyCard(messageId: string, card: object, opts?: ReplyOptions): Promise<string>;
  /** What the contact API tells about a person; undefined when the app may not read contacts. */
  contact(openId: string): Promise<LarkContact | undefined>;
  /** Updates a clicked card after the 3 s callback window, with the click's token (30 min, two uses). */
  delayedUpdate(token: string, card: object): Promise<void>;
  /** Buzzes people about a message; returns the open_ids the platform refused. */
  urgent(messageId: string, kind: UrgentKind, openIds: string[]): Promise<string[]>;
}

/** A person as the contact API shows them; mobile and e-mail only with those permissions. */
export interface LarkContact {
  name?: string;
  unionId?: string;
  mobile?: string;
  email?: string;
}

export interface ReplyOptions {
  mentions?: Mention[];
  uuid?: string;
}

export function resolveDomain(domain: LarkDomain): lark.Domain | string {
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  if (!/^https?:\/\//.test(domain)) throw new Error(`lark domain must be feishu, lark or an http(s) URL, got "${domain}"`);
  return domain.replace(/\/+$/, '');
}

/** A fresh axios instance (the SDK's default is shared process-wide) with a timeout and the SDK's unwrapping. */
function httpInstance(timeoutMs: number): lark.HttpInstance {
  const http = lark.defaultHttpInstance.create({ timeout: timeoutMs });
  http.interceptors.response.use((res) => (res.config as { $return_headers?: boolean }).$return_headers ? { data: res.data, headers: res.headers } : res.data);
  return http as unknown as lark.HttpInstance;
}

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function createLarkClient(o: LarkClientOptions): LarkClient {
  const cache = new TokenCache();
  const log = o.logger ?? pino({ level: 'silent' });
  const sdk = new lark.Client({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: resolveDomain(o.domain),
    cache,
    httpInstance: httpInstance(o.timeoutMs ?? 10_000),
    logger: sdkLogger(log),
    loggerLevel: lark.LoggerLevel.warn,
  });

  /** Runs one SDK call and turns both failure shapes (thrown, or HTTP 200 with code ≠ 0) into LarkApiError. */
  async function call<T extends { code?: number; msg?: string }>(fn: () => Promise<T>): Promise<T> {
    let res: T;
    try {
      res = await fn();
    } catch (e) {
      throw forget(toLarkError(e));
    }
    if (res.code !== undefined && res.code !== 0) throw forget(fromBody(res));
    return res;
  }

  // The SDK keeps using a refused token until it expires; drop it so the retry fetches a new one.
  function forget(err: LarkApiError): LarkApiError {
    if (TOKEN_CODES.has(err.code)) cache.clear();
    return err;
  }

  function messageId(res: { data?: { message_id?: string } }): string {
    const id = res.data?.message_id;
    if (!id) throw new LarkApiError(-1, 200, false, 'response has no message_id');
    return id;
  }

  async function reply(id: string, msgType: 'text' | 'post' | 'interactive', content: object, opts: ReplyOptions): Promise<string> {
    const res = await call(() =>
      sdk.im.v1.message.reply({
        path: { message_id: id },
        data: { msg_type: msgType, content: JSON.stringify(content), reply_in_thread: true, ...(opts.uuid && { uuid: opts.uuid }) },
      }),
    );
    return messageId(res);
  }

  return {
    appId: o.appId,
    sdk,
    async sendCard(chatId, card, uuid) {
      const res = await call(() =>
        sdk.im.v1.message.create({
          params: { receive_id_type: 'chat_id' },
          data: { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card), uuid },
        }),
      );
      return messageId(res);
    },
    async patchCard(id, card) {
      await call(() => sdk.im.v1.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card) } }));
    },
    replyText(id, text, opts = {}) {
      const ats = (opts.mentions ?? []).map((m) => `<at user_id="${m.openId}">${escapeText(m.name)}</at> `).join('');
      return reply(id, 'text', { text: ats + text }, opts);
    },
    replyPost(id, post, opts = {}) {
      const ats = (opts.mentions ?? []).map((m) => ({ tag: 'at', user_id: m.openId, user_name: m.name }));
      const line = [...ats, { tag: 'text', text: (ats.length ? ' ' : '') + post.text }];
      return reply(id, 'post', { zh_cn: { ...(post.title && { title: post.title }), content: [line] } }, opts);
    },
    replyCard(id, card, opts = {}) {
      return reply(id, 'interactive', card, opts);
    },
    async contact(openId) {
      try {
        const res = await call(() => sdk.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }));
        const user = res.data?.user;
        if (!user) return undefined;
        const some = (value: string | undefined) => value || undefined;
        const found = { name: some(user.name), unionId: some(user.union_id), mobile: some(user.mobile), email: some(user.email ?? user.enterprise_email) };
        return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined)) as LarkContact;
      } catch (error) {
        if (error instanceof LarkApiError && error.retryable) throw error;
        return undefined;
      }
    },
    async delayedUpdate(token, card) {
      // Not wrapped by the SDK's generated API; the raw request still gets the tenant token.
      await call(() => sdk.request<{ code?: number; msg?: string }>({ method: 'POST', url: '/open-apis/interactive/v1/card/update', data: { token, card } }));
    },
    async urgent(id, kind, openIds) {
      const req = { path: { message_id: id }, params: { user_id_type: 'open_id' as const }, data: { user_id_list: openIds } };
      const api = sdk.im.v1.message;
      const res = await call(() => (kind === 'app' ? api.urgentApp(req) : kind === 'sms' ? api.urgentSms(req) : api.urgentPhone(req)));
      return res.data?.invalid_user_id_list ?? [];
    },
  };
}
