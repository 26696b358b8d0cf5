import type { Notice } from '../platforms/channel.js';
import { escapeMarkdown, markdownLink } from '../platforms/markdown.js';

export interface SummaryCounts {
  /** Alerts folded into the summary, each counted once. */
  total: number;
  /** Open (not resolved) alerts per title, most frequent first. */
  firingByTitle: { title: string; count: number }[];
  byState: { triggered: number; acknowledged: number; resolved: number };
}

export interface SummaryInput {
  chat: string;
  groupKey: string;
  counts: SummaryCounts;
  /** The console list of exactly these alerts. */
  link: string;
}

const TOP_TITLES = 10;

/**
 * "37 firing: HighCPU × 30, DiskFull × 7 …" with counts by state and a link to the full list:
 * one message that stands for every alert of a storm in a chat.
 */
export function summaryNotice(input: SummaryInput): Notice {
  const { counts } = input;
  const firing = counts.byState.triggered + counts.byState.acknowledged;
  const top = counts.firingByTitle.slice(0, TOP_TITLES).map((t) => `${escapeMarkdown(t.title)} × ${t.count}`);
  const more = counts.firingByTitle.length > TOP_TITLES ? ' …' : '';
  const lines = [
    firing > 0 ? `**${firing} firing**: ${top.join(', ')}${more}` : `**all ${counts.total} resolved**`,
    `triggered ${counts.byState.triggered} · acknowledged ${counts.byState.acknowledged} · resolved ${counts.byState.resolved} (${counts.total} in this storm)`,
    markdownLink(`All ${counts.total} alerts`, input.link),
  ];
  const scope = input.groupKey ? ` · ${escapeMarkdown(input.groupKey)}` : '';
  return { kind: 'storm', title: `Alert storm${scope}: ${counts.total} alerts`, markdown: lines.join('\n\n') };
}

/** The group-by key of an alert: `label=value` pairs in configured order ('' without group-by). */
export function groupKeyOf(labels: Record<string, string>, groupBy: readonly string[]): string {
  return groupBy.map((name) => `${name}=${labels[name] ?? ''}`).join(',');
}
