import Router from '@koa/router';
import type { GongContext } from '../../context.js';
import { listChatStatus } from '../../delivery/chat-status.js';

/** `GET /api/v1/chats/status`: whether each chat takes messages, and if not, what the platform said. */
export function chatStatusRoutes(gong: GongContext): Router {
  const router = new Router({ prefix: '/api/v1' });
  router.get('/chats/status', async (ctx) => {
    const names = gong.config.chats.map((chat) => chat.name);
    const statuses = await listChatStatus(gong.database.db, names);
    const types = new Map(gong.config.chats.map((chat) => [chat.name, chat.type]));
    ctx.body = { chats: statuses.map((status) => ({ ...status, type: types.get(status.chat) })) };
  });
  return router;
}
