import type { NoticeBody, StormCounts } from '../templates/messages.js';

export type SummaryCounts = StormCounts;

export interface SummaryInput {
  chat: string;
  groupKey: string;
  counts: SummaryCounts;
  /** The console list of exactly these alerts. */
  link: string;
}

/**
 * One message that stands for every alert of a storm in a chat: how many fire, the noisiest
 * titles, counts by state and a link to the full list, worded by the chat's `storm.md`.
 */
export function summaryBody(input: SummaryInput): NoticeBody {
  return { kind: 'storm', groupKey: input.groupKey, counts: input.counts, link: input.link };
}

/** The group-by key of an alert: `label=value` pairs in configured order ('' without group-by). */
export function groupKeyOf(labels: Record<string, string>, groupBy: readonly string[]): string {
  return groupBy.map((name) => `${name}=${labels[name] ?? ''}`).join(',');
}
