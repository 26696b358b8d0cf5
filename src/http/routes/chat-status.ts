import type { GongContext } from '../../context.js';
import { listChatStatus } from '../../delivery/delivery-status.js';
import { adminTokenGuard } from '../auth.js';
import { GuardedRouter } from '../../shared/guarded-router.js';

/**
 * `GET /api/v1/chats/status`: whether each chat takes messages, and if not, what the platform
 * said. Every chat: the config file's, those added at run time, and stored rows too broken to use.
 */
export function chatStatusRoutes(gong: GongContext): GuardedRouter {
  const router = new GuardedRouter('/api/v1');
  const admin = adminTokenGuard(gong.config.server.adminToken);
  router.get('/chats/status', admin, async (ctx) => {
    const statuses = await listChatStatus(gong.database.db, gong.chats.names());
    const broken = gong.chats.broken().map((row) => ({ chat: row.name, state: 'broken' as const, reason: row.reason, code: null, failedAt: null, type: row.type }));
    ctx.body = { chats: [...statuses.map((status) => ({ ...status, type: gong.chats.get(status.chat)?.chat.type })), ...broken] };
  });
  return router;
}
