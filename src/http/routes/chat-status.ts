import type { ChatRegistry } from '../../chats/chat-registry.js';
import type { Db } from '../../db/client.js';
import { listChatStatus } from '../../delivery/delivery-status.js';
import { adminTokenGuard } from '../auth.js';
import { GuardedRouter } from '../../shared/guarded-router.js';

/**
 * `GET /api/v1/chats/status`: whether each chat takes messages, and if not, what the platform
 * said. Every chat: the config file's, those added at run time, and stored rows too broken to use.
 */
export function chatStatusRoutes(deps: { adminToken: string; db: Db; chats: ChatRegistry }): GuardedRouter {
  const { chats } = deps;
  const router = new GuardedRouter('/api/v1');
  const admin = adminTokenGuard(deps.adminToken);
  router.get('/chats/status', admin, async (ctx) => {
    const statuses = await listChatStatus(deps.db, chats.names());
    const broken = chats.broken().map((row) => ({ chat: row.name, state: 'broken' as const, reason: row.reason, code: null, failedAt: null, type: row.type }));
    ctx.body = { chats: [...statuses.map((status) => ({ ...status, type: chats.get(status.chat)?.chat.type })), ...broken] };
  });
  return router;
}
