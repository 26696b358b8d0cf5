import type { AlertService } from '../alerts/service.js';
import type { ParsedConfig } from '../config/schema.js';
import type { IdentifyActor } from '../people/identify-actor.js';
import type { ChatLooks } from './chat-words.js';

/** Everything the handlers need, and nothing more: built by `main.ts`, replaced by in-memory fakes in tests. */
export interface InteractionDeps {
  alerts: Pick<AlertService, 'act' | 'get' | 'timeline' | 'list' | 'stats' | 'cardByRef' | 'cardsBeingPosted'>;
  chats: ChatLooks;
  identify: IdentifyActor;
  /** Which apps are configured (a click acts only on its app's chats) and the on-call schedules. */
  config: Pick<ParsedConfig, 'dingtalk' | 'lark' | 'schedules' | 'timezone'>;
}
