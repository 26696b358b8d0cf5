import type { Logger as SdkLogger } from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';

/**
 * Routes the SDK's console-style logging into our pino logger. Only the message text is kept:
 * the SDK's error objects embed request config, which must not reach the logs.
 */
export function sdkLogger(log: Logger): SdkLogger {
  const text = (msg: unknown[]): string =>
    msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : '[object]')).join(' ');
  return {
    error: (...msg) => log.error(text(msg)),
    warn: (...msg) => log.warn(text(msg)),
    info: (...msg) => log.info(text(msg)),
    debug: (...msg) => log.debug(text(msg)),
    trace: (...msg) => log.trace(text(msg)),
  };
}
