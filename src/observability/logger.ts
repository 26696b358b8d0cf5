import { type Logger, pino } from 'pino';

/** Field names that may carry credentials anywhere in a log object. */
const REDACT = [
  '*.token', '*.secret', '*.appSecret', '*.clientSecret', '*.adminToken', '*.password', '*.webhook',
  '*.authorization', 'req.headers.authorization', '*.encryptKey', '*.verificationToken',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    // Humans read a terminal; machines read everything else.
    ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { colorize: true } } } : {}),
  });
}
