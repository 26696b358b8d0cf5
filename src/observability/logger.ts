import type { DestinationStream } from 'pino';
import { type Logger, pino, stdSerializers } from 'pino';
import { maskUrlsIn } from '../shared/mask-secrets.js';

/** Field names that carry credentials, wherever they sit in a log object (up to three levels deep). */
const REDACTED_FIELDS = [
  'token', 'secret', 'appSecret', 'clientSecret', 'adminToken', 'password', 'webhook', 'authorization', 'cookie',
  'encryptKey', 'verificationToken', 'access_token', 'accessToken', 'tenant_access_token', 'app_secret', 'sessionId',
];
const REDACT = [
  ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  'req.headers["set-cookie"]', 'res.headers["set-cookie"]', '*.headers["x-lark-signature"]',
];

/** An error as pino logs it, with any URL in its message or stack masked (webhook URLs hold tokens). */
function maskedError(error: Error) {
  const serialized = stdSerializers.err(error);
  return { ...serialized, message: maskUrlsIn(serialized.message), ...(serialized.stack && { stack: maskUrlsIn(serialized.stack) }) };
}

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: maskedError },
    hooks: {
      // A message can quote a URL too (`posting to https://…?access_token=…`).
      logMethod(args: Parameters<Logger['info']>, method: (...args: unknown[]) => void) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskUrlsIn(arg) : arg)));
      },
    },
  };
  if (destination) return pino(options, destination);
  // Humans read a terminal; machines read everything else.
  return pino({ ...options, ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}) });
}
