import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cards } from '../db/schema.js';
import { escapeHtml } from '../http/html.js';

/**
 * The alert's cards, one row per chat: current, behind, still being posted, or failed with the
 * platform's reason. A card's own failure (deleted, recalled) shows here, not on its chat.
 */
export async function alertCardsPanel(db: Db, alertId: number, alertVersion: number, time: (date: Date | null) => string): Promise<string> {
  const rows = await db.select().from(cards).where(eq(cards.alertId, alertId)).orderBy(cards.chat);
  if (rows.length === 0) return '<p class="muted">No card was posted for this alert.</p>';
  const state = (row: (typeof rows)[number]): string => {
    if (row.failure) return `<strong>cannot be updated</strong> since ${time(row.failedAt)}: <code>${escapeHtml(row.failure)}</code>`;
    if (!row.ref) return 'being posted';
    return row.renderedVersion >= alertVersion ? 'current' : 'being updated';
  };
  const body = rows
    .map((row) => `<tr><td>${escapeHtml(row.chat)}</td><td>${escapeHtml(row.platform)}</td><td>${state(row)}</td></tr>`)
    .join('');
  return `<table><thead><tr><th scope="col">Chat</th><th scope="col">Platform</th><th scope="col">Card</th></tr></thead><tbody>${body}</tbody></table>`;
}
