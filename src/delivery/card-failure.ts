/**
 * The platform refuses to update one card for a reason of that card alone: it was deleted or
 * recalled, or the platform no longer knows it (a restarted sandbox). Other cards and messages in
 * the chat still get through, so it is recorded on the card, never as the chat failing.
 */
export class CardFailure extends Error {
  override readonly name = 'CardFailure';
  /** Updating this card again cannot succeed. */
  readonly retryable = false;
  readonly code: string;

  constructor(cause: { code?: unknown; message: string }) {
    super(cause.message, { cause });
    this.code = String(cause.code ?? 'unknown');
  }
}

/** An update's failure as the card's own when `isCardGone` says so; any other failure unchanged. */
export async function asCardFailure<T>(update: Promise<T>, isCardGone: (error: unknown) => boolean): Promise<T> {
  try {
    return await update;
  } catch (error) {
    throw isCardGone(error) ? new CardFailure(error as { code?: unknown; message: string }) : error;
  }
}
