import { createHmac } from 'node:crypto';
import { checkCard } from './cards.js';
import { fail, parseJson, type Reply, type RequestCtx } from './http.js';
import type { LarkRateLimits } from './rate-limits.js';
import type { LarkStore } from './store.js';
import type { SandboxCustomBot } from './types.js';

const MAX_BYTES = 20 * 1024;
const SIGN_WINDOW_S = 60 * 60;

// Custom bots answer HTTP 200 and put the failure in `code`.
const refuse = (code: number, msg: string): Reply => fail(200, code, msg);

/**
 * base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")) — Lark's custom-bot signature.
 * Written independently of Gong's sender on purpose: a shared helper would agree with itself.
 */
export function customBotSign(timestamp: string, secret: string): string {
  return createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
}

/** POST /open-apis/bot/v2/hook/:token — the group custom bot webhook. */
export class CustomBotHook {
  constructor(
    private readonly bots: Map<string, SandboxCustomBot>,
    private readonly store: LarkStore,
    private readonly limits: LarkRateLimits,
    private readonly now: () => number,
  ) {}

  chatIdOf(bot: SandboxCustomBot): string {
    return bot.chatId ?? `oc_webhook_${bot.token}`;
  }

  handle = (ctx: RequestCtx): Reply => {
    const bot = this.bots.get(ctx.params.token ?? '');
    if (!bot) return refuse(19001, 'param invalid: incoming webhook access token invalid');
    if (Buffer.byteLength(ctx.rawBody) > MAX_BYTES) return refuse(9499, 'Bad Request');
    const body = parseJson(ctx.rawBody);
    if (!body) return refuse(9499, 'Bad Request');
    if (bot.secret) {
      const ts = Number(body.timestamp);
      const fresh = Number.isFinite(ts) && Math.abs(this.now() / 1000 - ts) <= SIGN_WINDOW_S;
      if (!fresh || body.sign !== customBotSign(String(body.timestamp), bot.secret)) {
        return refuse(19021, 'sign match fail or timestamp is not within one hour from current time');
      }
    }
    const content = messageContent(body);
    if (!content) return refuse(9499, 'Bad Request');
    if (bot.keywords?.length && !bot.keywords.some((k) => content.text.includes(k))) return refuse(19024, 'Key Words Not Found');
    const limited = this.limits.customBotSend(bot.token);
    if (limited) return limited;
    const t = this.now();
    this.store.putMessage({
      messageId: this.store.id('om_'),
      chatId: this.chatIdOf(bot),
      sender: { type: 'custom_bot', token: bot.token },
      msgType: String(body.msg_type),
      content: content.json,
      createTime: t,
      updateTime: t,
    });
    return { status: 200, body: { code: 0, msg: 'success', data: {} } };
  };
}

/** The stored content of a webhook message and the text its keyword check looks at. */
function messageContent(body: Record<string, unknown>): { json: string; text: string } | undefined {
  const content = body.content as Record<string, unknown> | undefined;
  switch (body.msg_type) {
    case 'text':
      return typeof content?.text === 'string' ? { json: JSON.stringify(content), text: content.text } : undefined;
    case 'post':
      return content?.post ? { json: JSON.stringify(content.post), text: JSON.stringify(content.post) } : undefined;
    case 'interactive': {
      const json = JSON.stringify(body.card ?? null);
      return checkCard(json).ok ? { json, text: json } : undefined;
    }
    default:
      return undefined;
  }
}
