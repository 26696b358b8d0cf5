/**
 * Remembers each event_id's outcome for a while. The platform re-pushes an event it thinks was
 * not acknowledged (slow handler, lost ACK, reconnect): the repeat gets the first call's answer —
 * even while that call is still running — and the handler runs once. A failed call is forgotten,
 * so the platform's next re-push retries it.
 */
export class EventDeduper {
  private readonly seen = new Map<string, { result: Promise<unknown>; at: number }>();

  constructor(
    private readonly ttlMs = 60 * 60_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  run<T>(eventId: string, fn: () => Promise<T>): Promise<T> {
    this.evict();
    const hit = this.seen.get(eventId);
    if (hit) return hit.result as Promise<T>;
    const result = fn();
    this.seen.set(eventId, { result, at: this.now() });
    result.catch(() => this.seen.delete(eventId));
    return result;
  }

  private evict(): void {
    const cutoff = this.now() - this.ttlMs;
    // Map iteration is insertion order, so the oldest entries come first.
    for (const [id, entry] of this.seen) {
      if (entry.at >= cutoff && this.seen.size < this.maxEntries) break;
      this.seen.delete(id);
    }
  }
}
