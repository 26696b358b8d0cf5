import type { Logger } from 'pino';
import type { DingTalkAppConfig } from '../../config/schema.js';
import type { AppStatus } from '../platform-runtime.js';
import type { Inbound, Transport } from '../transport.js';
import { answerCardAction } from './card-actions.js';
import { answerRobotMessage } from './robot-commands.js';
import { DingTalkStreamClient, type StreamState } from './stream-client.js';
import { UserNames } from './user-names.js';

/** One DingTalk app's Stream connection: its card clicks and @-messages go to `dispatch`. */
export function dingtalkStreamTransport(app: DingTalkAppConfig & { name: string }, inbound: Inbound, o: { logger: Logger; appCount: number }): Transport {
  const names = new UserNames();
  const logger = o.logger.child({ dingtalkApp: app.name });
  const client = new DingTalkStreamClient({ clientId: app.clientId, clientSecret: app.clientSecret, apiBase: app.apiBase, logger });
  client.onCardAction(answerCardAction(inbound.dispatch, app.name, names, o.logger));
  client.onMessage(answerRobotMessage(inbound, app.name, names, o.logger, o.appCount > 1 ? app.name : undefined));
  return {
    // Settles after the first attempt either way; a failing app reports it in status().
    start: () => client.connect(),
    async stop() {
      client.stop();
    },
    status: () => streamStatus(app.name, client.state),
  };
}

function streamStatus(app: string, state: StreamState): AppStatus {
  const reason = state.status === 'auth_failed' ? state.reason : state.status === 'reconnecting' ? state.lastError : undefined;
  return { platform: 'dingtalk', app, state: state.status, ...(reason !== undefined && { reason }) };
}
