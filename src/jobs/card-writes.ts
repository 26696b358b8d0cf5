import { and, eq, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { cards } from '../db/schema.js';

/**
 * Writes to one card go one at a time, across the fleet: two writes on their way at once could
 * land in either order and leave the older rendering on top. A job claims the card for longer
 * than any one write can take (the budget, a token, a platform call of at most 10 s); a claim
 * older than that belonged to a process that died mid-write.
 */
const WRITE_LEASE_MS = 60_000;
/** How soon a job that found its card being written tries again: one platform call's time. */
const BUSY_RETRY_MS = 500;

export type CardRow = typeof cards.$inferSelect;

/** The alert's cards, one per chat, by chat name. */
export async function cardsOf(db: Db, alertId: number): Promise<CardRow[]> {
  return db.select().from(cards).where(eq(cards.alertId, alertId)).orderBy(cards.chat);
}

export type Claim =
  | { kind: 'claimed'; card: CardRow }
  /** Another job is writing the card, or it is still being posted: try again after `retryMs`. */
  | { kind: 'busy'; retryMs: number }
  /** No such card. */
  | { kind: 'none' };

/**
 * Claims the card for one write. A click's answer whose deadline has passed has landed or never
 * will: the claim settles it (the card's recorded version already counts its worst case).
 */
export async function claimCard(db: Db, alertId: number, chat: string, now = new Date()): Promise<Claim> {
  const settled = sql`${cards.answerUntil} <= ${now.toISOString()}::timestamptz`;
  const [card] = await db
    .update(cards)
    .set({
      writingUntil: new Date(now.getTime() + WRITE_LEASE_MS),
      answerVersion: sql`CASE WHEN ${settled} THEN NULL ELSE ${cards.answerVersion} END`,
      answerUntil: sql`CASE WHEN ${settled} THEN NULL ELSE ${cards.answerUntil} END`,
    })
    .where(
      and(
        eq(cards.alertId, alertId),
        eq(cards.chat, chat),
        // A card without a ref is still being posted; its delivery job writes it.
        ne(cards.ref, ''),
        or(isNull(cards.writingUntil), lt(cards.writingUntil, now)),
      ),
    )
    .returning();
  if (card) return { kind: 'claimed', card };
  const [existing] = await db.select({ id: cards.id }).from(cards).where(and(eq(cards.alertId, alertId), eq(cards.chat, chat)));
  return existing ? { kind: 'busy', retryMs: BUSY_RETRY_MS } : { kind: 'none' };
}

/**
 * What the platform can end up showing once `version` was written: that version, or the
 * oldest answer to a click that may still land after it.
 */
export function shownAfterWriting(version: number): SQL {
  return sql`CASE WHEN ${cards.answerVersion} IS NULL THEN ${version}::int ELSE LEAST(${version}::int, ${cards.answerVersion}) END`;
}

/**
 * Ends a claim, after the write of `version` if one was tried. A write that failed may still have
 * been applied: the card then shows that version or what it showed before, whichever is older.
 */
export async function releaseCard(db: Db, cardId: number, write?: { version: number; sent: boolean }): Promise<void> {
  const renderedVersion = !write ? cards.renderedVersion : write.sent ? shownAfterWriting(write.version) : sql`LEAST(${cards.renderedVersion}, ${write.version}::int)`;
  // A write that went through shows the platform takes this card again: its failure is over.
  const recovered = write?.sent ? { failure: null, failedAt: null } : {};
  await db.update(cards).set({ renderedVersion, writingUntil: null, updatedAt: new Date(), ...recovered }).where(eq(cards.id, cardId));
}
