import type { ChatRegistry } from '../../chats/chat-registry.js';
import { previewForChat } from '../../platforms/preview-template.js';
import { fail } from '../http-error.js';
import { readJson } from '../read-json.js';
import { adminTokenGuard } from '../auth.js';
import { GuardedRouter } from '../../shared/guarded-router.js';

/** `POST /api/v1/templates/preview` {chat, alert}: what the console shows before a template goes live. */
export function templateApiRoutes(deps: { adminToken: string; chats: ChatRegistry }): GuardedRouter {
  const { chats } = deps;
  const router = new GuardedRouter('/api/v1');
  const admin = adminTokenGuard(deps.adminToken);
  router.post('/templates/preview', admin, async (ctx) => {
    const body = (await readJson(ctx)) as { chat?: unknown; alert?: unknown } | null;
    if (!body || typeof body.chat !== 'string') fail(400, 'chat: expected the name of a chat');
    const chat = chats.get(body.chat)?.chat;
    const preview = previewForChat(chat && { chat, look: chats.look(chat.name) }, body.chat, body.alert);
    if (!preview.ok) fail(preview.status, preview.error);
    ctx.body = { chat: preview.chat, type: preview.type, messages: preview.messages };
  });
  return router;
}
