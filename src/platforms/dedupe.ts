/** How long an event id is remembered: past every redelivery either platform makes of an unanswered event. */
const DEDUPE_TTL_MS = 60 * 60_000;
const DEDUPE_MAX = 10_000;

/**
 * Remembers each event's outcome by its id for a while, for every transport alike. A platform
 * redelivers an event it thinks was not acknowledged (slow handler, lost ack, reconnect): the
 * repeat neither runs the work again nor waits for nothing, it shares the first run's result —
 * even while that run is still going. A failed run is forgotten, so a redelivery after a failure
 * gets a fresh try.
 */
export class Dedupe {
  private readonly seen = new Map<string, { result: Promise<unknown>; at: number }>();

  constructor(
    private readonly ttlMs = DEDUPE_TTL_MS,
    private readonly maxEntries = DEDUPE_MAX,
    private readonly now: () => number = Date.now,
  ) {}

  run<T>(id: string, work: () => Promise<T>): { result: Promise<T>; duplicate: boolean } {
    this.evict();
    const known = this.seen.get(id);
    if (known) return { result: known.result as Promise<T>, duplicate: true };
    const result = work();
    this.seen.set(id, { result, at: this.now() });
    result.catch(() => this.seen.delete(id));
    return { result, duplicate: false };
  }

  private evict(): void {
    const cutoff = this.now() - this.ttlMs;
    // Map iteration follows insertion order, so the oldest entries come first.
    for (const [id, entry] of this.seen) {
      if (entry.at >= cutoff && this.seen.size < this.maxEntries) break;
      this.seen.delete(id);
    }
  }
}
