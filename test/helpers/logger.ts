import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** Tests log nothing unless GONG_TEST_LOG is set, e.g. GONG_TEST_LOG=debug. */
export const testLogger = pino({ level: process.env.GONG_TEST_LOG ?? 'silent' });

/** A logger at info whose JSON lines land in `lines`, for tests that check what is (not) logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}
