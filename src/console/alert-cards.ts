import { escapeHtml } from '../http/html.js';
import type { CardRow } from '../jobs/card-writes.js';
import { type ConsoleClock, fillHtml } from './console-time.js';
import { platformName } from './timeline-sentences.js';
import type { Words } from './words.js';

/**
 * The incident's cards, one row per chat: current, behind, still being posted, or failed with the
 * platform's reason. A card's own failure (deleted, recalled) shows here, not on its chat.
 */
export function alertCardsPanel(rows: readonly CardRow[], alertVersion: number, words: Words, clock: ConsoleClock): string {
  const { t } = words;
  if (rows.length === 0) return `<p class="muted">${escapeHtml(t('incident.noCards'))}</p>`;
  const state = (row: CardRow): string => {
    if (row.failure) return `<strong>${fillHtml(t('incident.cardFailed'), { time: clock.tag(row.failedAt), failure: `<code>${escapeHtml(row.failure)}</code>` })}</strong>`;
    if (!row.ref) return escapeHtml(t('incident.cardPosting'));
    return escapeHtml(row.renderedVersion >= alertVersion ? t('incident.cardCurrent') : t('incident.cardUpdating'));
  };
  const body = rows
    .map((row) => `<tr><td>${escapeHtml(row.chat)}</td><td>${escapeHtml(platformName(row.platform, words) || row.platform)}</td><td>${state(row)}</td></tr>`)
    .join('');
  return `<table><thead><tr><th scope="col">${escapeHtml(t('incident.cardChat'))}</th><th scope="col">${escapeHtml(t('incident.cardPlatform'))}</th><th scope="col">${escapeHtml(t('incident.cardState'))}</th></tr></thead><tbody>${body}</tbody></table>`;
}
