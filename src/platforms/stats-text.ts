import type { AlertStats } from '../alerts/stats.js';
import { formatDuration } from '../domain/duration.js';
import { escapeMarkdown as md } from './markdown.js';

/** The statistics as the `stats` command and the daily message show them. */
export function statsMarkdown(heading: string, figures: AlertStats): string {
  const mean = (ms: number | null) => (ms === null ? '—' : formatDuration(ms));
  return [
    `**${heading}**`,
    `Total ${figures.total} · resolved ${figures.resolved} · unresolved ${figures.unresolved}`,
    `MTTA ${mean(figures.mttaMs)} · MTTR ${mean(figures.mttrMs)}`,
    ...figures.noisiest.map((item) => `- ${md(item.title)} × ${item.count}`),
  ].join('\n');
}
