import { asPlatformFailure } from '../shared/platform-error.js';
import type { AlertChannel } from '../cards/channel.js';
import { Deferral } from '../shared/deferral.js';
import { fitView, splitNotice, textBudget } from './fit-size.js';
import { type CallKind, type Destination, ownWindows, windowsFor } from './limits.js';
import type { RateBudget } from './rate-budget.js';

/**
 * Wraps a chat's channel so every platform call first takes its share of the fleet-wide budget
 * (or defers the job until it can) and every message fits the platform's size limit.
 */
export function budgetedChannel(channel: AlertChannel, destination: Destination, budget: RateBudget): AlertChannel {
  const maxText = textBudget(channel.kind);
  const { reserve, holdOnThrottle, within } = budgetedCalls(destination, budget);
  return {
    chat: channel.chat,
    kind: channel.kind,
    postAlert: (view, key) => within('post', undefined, () => channel.postAlert(fitView(view, maxText), key)),
    updateAlert: (ref, view) => within('update', ref, () => channel.updateAlert(ref, fitView(view, maxText))),
    async postNotice(notice, key) {
      const parts = splitNotice(notice, maxText);
      // Every message's budget first: a deferral halfway would repeat the first parts on robots,
      // which have no idempotency key.
      const settles: (() => Promise<void>)[] = [];
      try {
        for (const part of parts) for (let n = channel.messagesOf?.(part) ?? 1; n > 0; n--) settles.push(await reserve('post'));
        const refs: string[] = [];
        for (const [i, part] of parts.entries()) {
          refs.push(await channel.postNotice(part, i === 0 ? key : `${key}-${i + 1}`).catch((error: unknown) => holdOnThrottle('post', undefined, error)));
          for (let n = channel.messagesOf?.(part) ?? 1; n > 0; n--) await settles.shift()!();
        }
        return refs[0]!;
      } finally {
        for (const settle of settles) await settle();
      }
    },
    // A buzz is one more call against the app's budget, like an update of the card.
    ...(channel.urgent && {
      urgent: (ref: string, kind: 'app' | 'sms' | 'phone', people: Parameters<NonNullable<AlertChannel['urgent']>>[2]) =>
        within('update', ref, () => channel.urgent!(ref, kind, people)),
    }),
  };
}

/**
 * Calls to one destination within its fleet-wide budget: `reserve` takes a slot (or throws a
 * Deferral), `within` runs one call in a slot, and a throttle answer holds the destination.
 */
export function budgetedCalls(destination: Destination, budget: RateBudget) {
  const reserve = async (call: CallKind, ref?: string): Promise<() => Promise<void>> => {
    const taken = await budget.take(windowsFor(destination, call, ref));
    if (!taken.ok) throw new Deferral(taken.waitMs, 'budget');
    return taken.settle;
  };
  /**
   * A throttle answer means someone else (another tool on the same robot, a user) used the
   * budget too: hold the destination for as long as the platform said, in every Gong process.
   * A refusal by the chat's or message's own limit with no reset time (Lark 230020) holds just
   * those windows for one window's length: the other jobs for that message wait instead of
   * hitting the platform again, and the app's other chats carry on.
   */
  const holdOnThrottle = async (call: CallKind, ref: string | undefined, error: unknown): Promise<never> => {
    const { retryAfterMs, scope } = asPlatformFailure(error);
    if (retryAfterMs !== undefined && retryAfterMs > 0) await budget.hold(windowsFor(destination, call, ref), retryAfterMs);
    else if (scope === 'destination') for (const window of ownWindows(destination, call, ref)) await budget.hold([window], window.windowMs);
    throw error;
  };
  /** One budgeted call: its slot counts from when its answer (or failure) came back. */
  const within = async <T>(call: CallKind, ref: string | undefined, run: () => Promise<T>): Promise<T> => {
    const settle = await reserve(call, ref);
    try {
      return await run().catch((error: unknown) => holdOnThrottle(call, ref, error));
    } finally {
      await settle();
    }
  };
  return { reserve, holdOnThrottle, within };
}
