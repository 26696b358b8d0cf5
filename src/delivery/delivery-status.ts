import { inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { DeliveryStatus } from '../chats/chat-json.js';
import type { Db } from '../db/client.js';
import { Deferral } from '../shared/deferral.js';
import { chatStatus } from '../db/schema.js';
import { isCardFailure } from '../shared/platform-error.js';
import { judgeFailure } from './retry-policy.js';
import { currentAttempt } from './send-attempt.js';
import type { AlertChannel } from '../cards/channel.js';
import { describeDeliveryError } from '../shared/describe-error.js';

/** A chat's state in `GET /api/v1/chats/status`: whether it takes messages, and if not, why. */
export interface ChatStatus {
  chat: string;
  state: 'ok' | 'failing';
  /** What the platform said, e.g. "keyword missing": what the admin must fix. */
  reason: string | null;
  code: string | null;
  failedAt: string | null;
}

/** What one send to a chat came to. */
export type SendOutcome =
  | { ok: true }
  /** `failing`: the chat refuses our messages (bad signature, keyword, bot removed, unknown chat). */
  | { ok: false; error: unknown; failing?: { code: string; reason: string } };

type StatusRow = Pick<typeof chatStatus.$inferSelect, 'chat' | 'lastOkAt' | 'lastErrorAt' | 'lastError'>;

/**
 * Each chat's delivery status, kept in the chat_status table: every instance of a fleet sends,
 * so only the database knows which send was the last. `watch` is its one writer: every channel
 * is watched, and each send's outcome is written once, as one statement.
 */
export class DeliveryStatuses {
  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  async get(chat: string): Promise<DeliveryStatus | undefined> {
    return (await this.of([chat])).get(chat);
  }

  /** The chats' last deliveries by name; a chat nothing was sent to yet is absent. */
  async of(chats: readonly string[]): Promise<Map<string, DeliveryStatus>> {
    if (chats.length === 0) return new Map();
    const rows = await this.db
      .select({ chat: chatStatus.chat, lastOkAt: chatStatus.lastOkAt, lastErrorAt: chatStatus.lastErrorAt, lastError: chatStatus.lastError })
      .from(chatStatus)
      .where(inArray(chatStatus.chat, [...chats]));
    return new Map(rows.flatMap((row) => (toStatus(row) ? [[row.chat, toStatus(row)!] as const] : [])));
  }

  /**
   * Records one send: a message that got through clears whatever was wrong; a failure is kept as
   * the last one, and a permanent refusal marks the chat failing. Never throws: a lost status line
   * must not turn a delivered message into a failed one.
   */
  async record(chat: string, outcome: SendOutcome): Promise<void> {
    const now = new Date();
    const set = outcome.ok
      ? { state: 'ok' as const, reason: null, code: null, failedAt: null, lastOkAt: now, updatedAt: now }
      : {
          lastErrorAt: now,
          lastError: describeDeliveryError(outcome.error),
          ...(outcome.failing && { state: 'failing' as const, ...outcome.failing, failedAt: now, updatedAt: now }),
        };
    try {
      await this.db
        .insert(chatStatus)
        .values({ chat, state: 'ok', ...set })
        .onConflictDoUpdate({ target: chatStatus.chat, set });
    } catch (failure) {
      this.logger.warn({ chat, err: failure }, 'could not record the chat delivery outcome');
    }
  }

  /**
   * The same channel, with every send's outcome recorded; errors still reach the caller. Every
   * method the channel has is passed on (optional ones only where it has them).
   */
  watch(channel: AlertChannel): AlertChannel {
    const track = async <T>(send: () => Promise<T>, message = true): Promise<T> => {
      let result: T;
      try {
        result = await send();
      } catch (error) {
        // A deferral sent nothing (no budget yet): it is neither a delivery nor a failed one. A card
        // the platform no longer updates is that card's failure (kept on the card), not the chat's.
        if (!(error instanceof Deferral) && !isCardFailure(error)) await this.record(channel.chat, failureOf(error, message));
        throw error;
      }
      await this.record(channel.chat, { ok: true });
      return result;
    };
    return {
      chat: channel.chat,
      kind: channel.kind,
      postAlert: (view, key) => track(() => channel.postAlert(view, key)),
      updateAlert: (ref, view) => track(() => channel.updateAlert(ref, view)),
      postNotice: (notice, key) => track(() => channel.postNotice(notice, key)),
      ...(channel.urgent && { urgent: (ref, kind, people) => track(() => channel.urgent!(ref, kind, people), false) }),
    };
  }
}

/**
 * A failed send. A message the platform refuses for good means the chat refuses us; an urgent
 * buzz is no message to the chat, so its refusal (a missing permission) is only kept as the last.
 */
function failureOf(error: unknown, message: boolean): SendOutcome {
  const verdict = judgeFailure(error, currentAttempt());
  if (!message || verdict.kind === 'retry') return { ok: false, error };
  // A transient failure on the job's last try is the job giving up: the chat is failing too.
  const reason = verdict.kind === 'exhausted' ? `still failing after retries: ${verdict.reason}` : verdict.reason;
  return { ok: false, error, failing: { code: verdict.code, reason } };
}

/** Every configured chat's delivery state; chats that never failed are `ok`. */
export async function listChatStatus(db: Db, chats: readonly string[]): Promise<ChatStatus[]> {
  const rows = new Map((await db.select().from(chatStatus)).map((row) => [row.chat, row]));
  return chats.map((chat) => {
    const row = rows.get(chat);
    return {
      chat,
      state: row?.state ?? 'ok',
      reason: row?.reason ?? null,
      code: row?.code ?? null,
      failedAt: row?.failedAt?.toISOString() ?? null,
    };
  });
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
