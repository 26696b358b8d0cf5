import type { Logger } from 'pino';
import type { AlertService } from './alerts/service.js';
import type { RuntimeConfig } from './config/runtime-config.js';
import type { Database } from './db/client.js';
import type { JobQueue } from './db/job-queue.js';
import type { Metrics } from './observability/metrics.js';
import type { AlertRow } from './alerts/alert-json.js';
import type { AlertView } from './platforms/alert-view.js';
import type { AppStatus } from './platforms/platform-runtime.js';
import type { ChatRegistry } from './chats/chat-registry.js';
import type { DeliveryStatuses } from './delivery/delivery-status.js';
import type { AlertChannel } from './platforms/channel.js';

/** Everything a handler may need, built once by the composition root and passed down. */
export interface GongContext {
  config: RuntimeConfig;
  database: Database;
  jobs: JobQueue;
  alerts: AlertService;
  logger: Logger;
  metrics: Metrics;
  /** The alert as cards show it, in the chat's (else the configured) template set, locale and time zone. */
  views: (alert: AlertRow, chat?: string) => AlertView;
  /** Each chat platform app's connection state (filled once the platforms have started). */
  platformStatus: () => AppStatus[];
  /** Every chat: the config file's and the database's. */
  chats: ChatRegistry;
  /** Each chat's channel by name (filled once the platforms have started; live afterwards). */
  channels: ReadonlyMap<string, AlertChannel>;
  /** The last send to each chat. */
  deliveries: DeliveryStatuses;
}
