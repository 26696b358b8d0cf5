/**
 * Counts events per key in a sliding window, on an injected clock so tests can move time.
 * Used for the OpenAPI's 20 calls/s per app per API and the custom robot's 20 messages a minute.
 */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Records a hit and returns true, or returns false without recording when the key is at its limit. */
  tryHit(key: string): boolean {
    const since = this.now() - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(this.now());
    this.hits.set(key, recent);
    return true;
  }
}
