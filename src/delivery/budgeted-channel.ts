import type { AlertChannel } from '../platforms/channel.js';
import { Deferral } from './deferral.js';
import { fitView, splitNotice, textBudget } from './fit-size.js';
import { type CallKind, type Destination, windowsFor } from './limits.js';
import type { RateBudget } from './rate-budget.js';

/**
 * Wraps a chat's channel so every platform call first takes its share of the fleet-wide budget
 * (or defers the job until it can) and every message fits the platform's size limit.
 */
export function budgetedChannel(channel: AlertChannel, destination: Destination, budget: RateBudget): AlertChannel {
  const maxText = textBudget(channel.kind);
  const reserve = async (call: CallKind, ref?: string) => {
    const waitMs = await budget.take(windowsFor(destination, call, ref));
    if (waitMs > 0) throw new Deferral(waitMs, 'budget');
  };
  return {
    chat: channel.chat,
    kind: channel.kind,
    async postAlert(view, key) {
      await reserve('post');
      return channel.postAlert(fitView(view, maxText), key);
    },
    async updateAlert(ref, view) {
      await reserve('update', ref);
      await channel.updateAlert(ref, fitView(view, maxText));
    },
    async postNotice(notice, key) {
      const parts = splitNotice(notice, maxText);
      // Every part's budget first: a deferral halfway would repeat the first parts on robots,
      // which have no idempotency key.
      for (const _ of parts) await reserve('post');
      const refs: string[] = [];
      for (const [i, part] of parts.entries()) refs.push(await channel.postNotice(part, i === 0 ? key : `${key}-${i + 1}`));
      return refs[0]!;
    },
    // A buzz is one more call against the app's budget, like an update of the card.
    ...(channel.urgent && {
      urgent: async (ref: string, kind: 'app' | 'sms' | 'phone', people: Parameters<NonNullable<AlertChannel['urgent']>>[2]) => {
        await reserve('update', ref);
        await channel.urgent!(ref, kind, people);
      },
    }),
  };
}
