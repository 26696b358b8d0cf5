/**
 * Remembers the outcome of each callback by id for a while, so a redelivery neither runs the
 * handler again nor waits for nothing: it shares the first run's result. Failed runs are
 * forgotten, so a redelivery after a failure gets a fresh try.
 */
export class CallbackDedupe<T> {
  private readonly seen = new Map<string, { result: Promise<T>; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  run(id: string, work: () => Promise<T>): { result: Promise<T>; duplicate: boolean } {
    this.evict();
    const known = this.seen.get(id);
    if (known) return { result: known.result, duplicate: true };
    const result = work();
    this.seen.set(id, { result, expiresAt: this.now() + this.ttlMs });
    result.catch(() => this.seen.delete(id));
    return { result, duplicate: false };
  }

  private evict(): void {
    const now = this.now();
    // Map iteration follows insertion order, so the oldest entries come first.
    for (const [id, entry] of this.seen) {
      if (entry.expiresAt > now && this.seen.size < this.maxEntries) break;
      this.seen.delete(id);
    }
  }
}
