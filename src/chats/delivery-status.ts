import { inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { chatStatus } from '../db/schema.js';
import { CardFailure } from '../delivery/card-failure.js';
import { Deferral } from '../db/deferral.js';
import type { AlertChannel } from '../platforms/channel.js';
import { describeDeliveryError } from '../shared/describe-error.js';

/** The outcome of the last message any Gong instance sent to a chat, for the console and the API. */
export interface DeliveryStatus {
  ok: boolean;
  at: string;
  /** The platform's error, when the last send was refused or could not reach it. */
  error?: string;
  lastSuccessAt: string | null;
  /** The latest failure, even when a later send got through. */
  lastFailure: { at: string; error: string } | null;
}

type StatusRow = Pick<typeof chatStatus.$inferSelect, 'chat' | 'lastOkAt' | 'lastErrorAt' | 'lastError'>;

/**
 * Each chat's last delivery outcome, kept in the chat_status table: every instance of a fleet
 * sends, so only the database knows which send was the last.
 */
export class DeliveryStatuses {
  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  async get(chat: string): Promise<DeliveryStatus | undefined> {
    return (await this.of([chat])).get(chat);
  }

  /** The chats' statuses by name; a chat nothing was sent to yet is absent. */
  async of(chats: readonly string[]): Promise<Map<string, DeliveryStatus>> {
    if (chats.length === 0) return new Map();
    const rows = await this.db
      .select({ chat: chatStatus.chat, lastOkAt: chatStatus.lastOkAt, lastErrorAt: chatStatus.lastErrorAt, lastError: chatStatus.lastError })
      .from(chatStatus)
      .where(inArray(chatStatus.chat, [...chats]));
    return new Map(rows.flatMap((row) => (toStatus(row) ? [[row.chat, toStatus(row)!] as const] : [])));
  }

  /** Never throws: a lost status line must not turn a delivered message into a failed one. */
  async record(chat: string, error?: unknown): Promise<void> {
    const now = new Date();
    const outcome = error === undefined ? { lastOkAt: now } : { lastErrorAt: now, lastError: describeDeliveryError(error) };
    try {
      await this.db
        .insert(chatStatus)
        .values({ chat, state: 'ok', ...outcome })
        .onConflictDoUpdate({ target: chatStatus.chat, set: outcome });
    } catch (failure) {
      this.logger.warn({ chat, err: failure }, 'could not record the chat delivery outcome');
    }
  }

  /**
   * The same channel, with every send's outcome recorded; errors still reach the caller. Every
   * method the channel has is passed on (optional ones only where it has them).
   */
  watch(channel: AlertChannel): AlertChannel {
    const track = async <T>(send: () => Promise<T>): Promise<T> => {
      let result: T;
      try {
        result = await send();
      } catch (error) {
        // A deferral sent nothing (no budget yet): it is neither a delivery nor a failed one. A card
        // the platform no longer updates is that card's failure (kept on the card), not the chat's.
        if (!(error instanceof Deferral) && !(error instanceof CardFailure)) await this.record(channel.chat, error);
        throw error;
      }
      await this.record(channel.chat);
      return result;
    };
    return {
      chat: channel.chat,
      kind: channel.kind,
      postAlert: (view, key) => track(() => channel.postAlert(view, key)),
      updateAlert: (ref, view) => track(() => channel.updateAlert(ref, view)),
      postNotice: (notice, key) => track(() => channel.postNotice(notice, key)),
      ...(channel.urgent && { urgent: (ref, kind, people) => track(() => channel.urgent!(ref, kind, people)) }),
    };
  }
}

function toStatus(row: StatusRow): DeliveryStatus | undefined {
  const okAt = row.lastOkAt?.getTime() ?? -Infinity;
  const errorAt = row.lastErrorAt?.getTime() ?? -Infinity;
  if (okAt === -Infinity && errorAt === -Infinity) return undefined;
  const lastFailure = row.lastErrorAt ? { at: row.lastErrorAt.toISOString(), error: row.lastError ?? '' } : null;
  const lastSuccessAt = row.lastOkAt?.toISOString() ?? null;
  return okAt >= errorAt
    ? { ok: true, at: lastSuccessAt!, lastSuccessAt, lastFailure }
    : { ok: false, at: lastFailure!.at, error: lastFailure!.error, lastSuccessAt, lastFailure };
}

