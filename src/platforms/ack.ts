import type { Logger } from 'pino';
import type { Dedupe } from './dedupe.js';

/*
 * The ack rule, one for every transport (DingTalk Stream, Lark long connection, Lark HTTP events):
 *
 * - A click is acknowledged WITH its answer: the callback response is what redraws the clicked
 *   card and shows the toast, and both platforms drop it after their deadline (DingTalk 2 s,
 *   Lark 3 s). A click whose handling failed is not acknowledged, so the platform redelivers it
 *   and the redelivery runs again (the dedupe forgets failures).
 * - A command is acknowledged when it arrives, BEFORE it runs: its answer is a message sent on
 *   its own, and a reply waiting for room in the chat's rate budget can outlast the platform's
 *   deadline, which would only make it redeliver a command that is still running. A command
 *   that fails is logged, not redelivered; the writer sees no reply and may write it again.
 *
 * Either way a redelivery of the same event id (to a slow or lost ack) is answered from the
 * first run and does not act twice; the alert service dedupes across instances on the same key.
 */

/** Runs a click once per event id; the caller acknowledges with the result, or not at all when it rejects. */
export function answerClick<T>(dedupe: Dedupe, eventId: string, work: () => Promise<T>): { result: Promise<T>; duplicate: boolean } {
  return dedupe.run(eventId, work);
}

/** Starts a command once per event id and returns at once: the caller acknowledges right away. */
export function takeCommand(dedupe: Dedupe, eventId: string, work: () => Promise<void>, logger: Logger): void {
  const { result, duplicate } = dedupe.run(eventId, work);
  if (duplicate) return;
  result.catch((err: unknown) => logger.error({ err, eventId }, 'command failed'));
}
