import { z } from 'zod';
import { brokenChatJson, brokenChatMessage, chatJson } from '../../chats/chat-json.js';
import { ChatError, type ChatEntry, type ChatRegistry } from '../../chats/chat-registry.js';
import type { DeliveryStatuses } from '../../delivery/delivery-status.js';
import type { SendTestMessage } from '../../delivery/test-message.js';
import { describeIssue } from '../../shared/describe-issue.js';
import { fail } from '../http-error.js';
import { readJson } from '../read-json.js';
import { adminTokenGuard } from '../auth.js';
import { GuardedRouter } from '../../shared/guarded-router.js';

/** The HTTP status of each refused chat change (the console answers its forms with the same). */
export const CHAT_ERROR_STATUS = { invalid: 400, not_found: 404, conflict: 409, read_only: 409 } as const;
const listQuery = z.object({ q: z.string().max(200).optional() });

export interface ChatApiDeps {
  adminToken: string;
  chats: ChatRegistry;
  deliveries: DeliveryStatuses;
  sendTestMessage: SendTestMessage;
}

/** `/api/v1/chats`: the chats Gong posts to. Secrets go in, never out. */
export function chatApiRoutes(deps: ChatApiDeps): GuardedRouter {
  const { chats, deliveries } = deps;
  const router = new GuardedRouter('/api/v1/chats');
  const admin = adminTokenGuard(deps.adminToken);
  const json = async (entry: ChatEntry) => chatJson(entry.chat, entry.origin, await deliveries.get(entry.chat.name));
  const found = (name: string | undefined): ChatEntry => chats.get(name ?? '') ?? fail(404, `there is no chat named "${name}"`);

  router.get('/', admin, async (ctx) => {
    const query = listQuery.safeParse(ctx.query);
    if (!query.success) fail(400, describeIssue(query.error.issues[0]));
    const entries = chats.list(query.data.q);
    const statuses = await deliveries.of(entries.map((entry) => entry.chat.name));
    const broken = chats.broken(query.data.q).map(brokenChatJson);
    ctx.body = { chats: [...entries.map((entry) => chatJson(entry.chat, entry.origin, statuses.get(entry.chat.name))), ...broken] };
  });

  router.post('/', admin, async (ctx) => {
    const body = await readJson(ctx);
    const entry = await refusals(() => chats.create(body));
    ctx.status = 201;
    ctx.body = await json(entry);
  });

  router.get('/:name', admin, async (ctx) => {
    const broken = chats.brokenChat(ctx.params.name ?? '');
    ctx.body = broken ? brokenChatJson(broken) : await json(found(ctx.params.name));
  });

  router.put('/:name', admin, async (ctx) => {
    const body = await readJson(ctx);
    if (!body || typeof body !== 'object' || Array.isArray(body)) fail(400, '(body): expected a JSON object');
    ctx.body = await json(await refusals(() => chats.update(ctx.params.name ?? '', body as Record<string, unknown>)));
  });

  router.delete('/:name', admin, async (ctx) => {
    await refusals(() => chats.remove(ctx.params.name ?? ''));
    ctx.status = 204;
  });

  router.post('/:name/test', admin, async (ctx) => {
    const broken = chats.brokenChat(ctx.params.name ?? '');
    if (broken) fail(409, brokenChatMessage(broken));
    const entry = found(ctx.params.name);
    const result = await deps.sendTestMessage(entry.chat.name);
    // 429 when the chat's budget is used up (nothing was sent); 502 when the platform refused.
    const busy = !result.ok && result.retryAfterSeconds !== undefined;
    if (busy) ctx.set('Retry-After', String(result.retryAfterSeconds));
    ctx.status = result.ok ? 200 : busy ? 429 : 502;
    ctx.body = result;
  });

  return router;
}

/** A refused change becomes its HTTP status; the message already says what to do. */
async function refusals<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ChatError) fail(CHAT_ERROR_STATUS[error.code], error.message);
    throw error;
  }
}
