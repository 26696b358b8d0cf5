import * as lark from '@larksuiteoapi/node-sdk';
import { pino, type Logger } from 'pino';
import { resolveDomain, type LarkDomain } from './client.js';
import { EventRouter, type ConnectionState, type LarkTransport } from './events.js';
import { sdkLogger } from './sdk-logger.js';

// WSClient.start() returns silently without connecting for any other shape of app id.
const APP_ID = /^cli_[0-9a-fA-F]{16}$/;

export interface WsTransportOptions {
  appId: string;
  appSecret: string;
  domain: LarkDomain;
  logger?: Logger;
}

/** Events over the SDK's long connection (WSClient); the SDK pings, reassembles fragments and ACKs. */
export function createWsTransport(o: WsTransportOptions): LarkTransport {
  const log = o.logger ?? pino({ level: 'silent' });
  const router = new EventRouter({ appId: o.appId, logger: log });
  const listeners: ((s: ConnectionState) => void)[] = [];
  let current: ConnectionState = { status: 'stopped' };
  let client: lark.WSClient | undefined;

  const set = (s: ConnectionState): void => {
    // After stop() a late SDK callback must not make a stopped transport look alive.
    if (current.status === 'stopped' && s.status !== 'connecting') return;
    current = s;
    for (const l of listeners) l(s);
  };

  return {
    appId: o.appId,
    onCardAction: (h) => router.onCardAction(h),
    onMessage: (h) => router.onMessage(h),
    state: () => current,
    onStateChange: (l) => void listeners.push(l),
    async start() {
      if (!APP_ID.test(o.appId)) {
        set({ status: 'connecting' });
        set({ status: 'auth_failed', reason: `app id "${o.appId}" is not cli_ followed by 16 hex characters; the long connection cannot start` });
        return;
      }
      set({ status: 'connecting' });
      client = new lark.WSClient({
        appId: o.appId,
        appSecret: o.appSecret,
        domain: resolveDomain(o.domain),
        logger: sdkLogger(log),
        loggerLevel: lark.LoggerLevel.warn,
        onReady: () => set({ status: 'connected' }),
        onReconnecting: () => set({ status: 'reconnecting' }),
        onReconnected: () => set({ status: 'connected' }),
        // The SDK calls onError only when it gives up: refused credentials, or retries exhausted.
        onError: (err) => {
          const reason = err.message;
          set(reason.startsWith('pullConnectConfig failed') ? { status: 'auth_failed', reason } : { status: 'failed', reason });
        },
      });
      await client.start({ eventDispatcher: router.dispatcher });
    },
    async stop() {
      set({ status: 'stopped' });
      client?.close({ force: true });
      client = undefined;
    },
  };
}
