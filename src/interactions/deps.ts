import type { AlertService } from '../alerts/service.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import type { IdentifyActor } from '../people/identify-actor.js';
import type { ChatLooks } from './chat-words.js';

/** Everything the handlers need, and nothing more: built by `main.ts`, replaced by in-memory fakes in tests. */
export interface InteractionDeps {
  alerts: Pick<AlertService, 'act' | 'get' | 'timeline' | 'list' | 'stats' | 'cardsOfClick' | 'merge' | 'split' | 'incidentAlerts' | 'incidentOfAlert' | 'cardAlerts'>;
  chats: ChatLooks;
  identify: IdentifyActor;
  /** Which apps are configured (a click acts only on its app's chats), the on-call schedules, and Gong's address (console links). */
  config: Pick<RuntimeConfig, 'dingtalk' | 'lark' | 'schedules' | 'timezone'> & { server: Pick<RuntimeConfig['server'], 'publicUrl'> };
}
