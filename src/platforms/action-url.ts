import type { RuntimeConfig } from '../config/runtime-config.js';
import { actionLinkKey, signActionLink } from '../domain/action-link.js';
import type { ActionUrl } from '../cards/alert-view.js';

/**
 * Signed `/a/<token>` links for the chats that cannot call Gong back. The chat goes into the
 * claim so the timeline records the platform the person acted from.
 */
export function actionUrls(config: RuntimeConfig, chat: string): (alertId: number) => ActionUrl {
  const key = actionLinkKey(config.server.adminToken);
  return (alertId) => (action, args = {}) =>
    `${config.server.publicUrl}/a/${signActionLink({ alertId, action, args, chat }, key)}`;
}
