import type { Logger as SdkLogger } from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';

/**
 * Routes the SDK's console-style logging into our pino logger: its text as the message and what
 * its objects say (the SDK logs a failed request as an array of objects) as fields. Only named,
 * secret-free fields are kept: the SDK's error objects embed the request config, whose headers
 * carry the access token.
 */
export function sdkLogger(log: Logger): SdkLogger {
  const entry = (msg: unknown[]): [Record<string, unknown>, string] => {
    const texts = msg.filter((m): m is string => typeof m === 'string');
    const details = msg.filter((m) => typeof m !== 'string').flatMap(describe);
    return [details.length > 0 ? { sdk: details } : {}, texts.join(' ') || details.map((d) => d.message ?? d.msg ?? '').filter(Boolean).join('; ') || 'lark sdk'];
  };
  return {
    error: (...msg) => log.error(...entry(msg)),
    warn: (...msg) => log.warn(...entry(msg)),
    info: (...msg) => log.info(...entry(msg)),
    debug: (...msg) => log.debug(...entry(msg)),
    trace: (...msg) => log.trace(...entry(msg)),
  };
}

interface Detail {
  message?: string;
  code?: unknown;
  msg?: string;
  status?: unknown;
  method?: string;
  path?: string;
}

function describe(value: unknown): Detail[] {
  if (Array.isArray(value)) return value.flatMap(describe);
  if (value instanceof Error) return [{ message: value.message }];
  if (value === null || typeof value !== 'object') return value === undefined ? [] : [{ message: String(value) }];
  const o = value as { message?: unknown; code?: unknown; msg?: unknown; request?: { method?: unknown; path?: unknown }; response?: { status?: unknown } };
  const detail: Detail = {
    ...(typeof o.message === 'string' && { message: o.message }),
    ...((typeof o.code === 'number' || typeof o.code === 'string') && { code: o.code }),
    ...(typeof o.msg === 'string' && { msg: o.msg }),
    ...(typeof o.response?.status === 'number' && { status: o.response.status }),
    ...(typeof o.request?.method === 'string' && { method: o.request.method }),
    // Without its query string, which only repeats parameters.
    ...(typeof o.request?.path === 'string' && { path: o.request.path.split('?')[0] }),
  };
  return Object.keys(detail).length > 0 ? [detail] : [];
}
