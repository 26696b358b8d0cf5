import { escapeHtml } from '../http/html.js';
import type { CardRow } from '../jobs/card-writes.js';

/**
 * The alert's cards, one row per chat: current, behind, still being posted, or failed with the
 * platform's reason. A card's own failure (deleted, recalled) shows here, not on its chat.
 */
export function alertCardsPanel(rows: readonly CardRow[], alertVersion: number, time: (date: Date | null) => string): string {
  if (rows.length === 0) return '<p class="muted">No card was posted for this alert.</p>';
  const state = (row: CardRow): string => {
    if (row.failure) return `<strong>cannot be updated</strong> since ${time(row.failedAt)}: <code>${escapeHtml(row.failure)}</code>`;
    if (!row.ref) return 'being posted';
    return row.renderedVersion >= alertVersion ? 'current' : 'being updated';
  };
  const body = rows
    .map((row) => `<tr><td>${escapeHtml(row.chat)}</td><td>${escapeHtml(row.platform)}</td><td>${state(row)}</td></tr>`)
    .join('');
  return `<table><thead><tr><th scope="col">Chat</th><th scope="col">Platform</th><th scope="col">Card</th></tr></thead><tbody>${body}</tbody></table>`;
}
