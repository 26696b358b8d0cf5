/**
 * Spaces calls evenly so one app never goes over DingTalk's per-app, per-API rate (20 calls/s).
 * Waiting a few milliseconds for a slot is far cheaper than a 403 QpsLimit answer followed by a
 * job retry seconds later; the pace is set a little under the limit so network jitter cannot
 * bunch calls into one second at DingTalk's end.
 */
export class CallPacer {
  private readonly nextSlot = new Map<string, number>();
  private readonly spacingMs: number;

  constructor(
    callsPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.spacingMs = 1000 / callsPerSecond;
  }

  /** Resolves when a call under `key` may start. */
  async take(key: string): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot.get(key) ?? 0);
    this.nextSlot.set(key, slot + this.spacingMs);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}
