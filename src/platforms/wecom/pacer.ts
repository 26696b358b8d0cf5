import { WeComError } from './errors.js';

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Keeps one robot under its per-minute limit inside this process: sends go one at a time, each
 * waits its turn in a sliding window, and after a throttle answer nothing goes until that window
 * has passed. A minimal stand-in until the delivery layer's budgets (which also fold floods) know
 * WeCom. More than two windows' worth of waiting sends fail retryably instead of holding job workers.
 */
export class RobotPacer {
  /** When recent sends finished: the robot counted each by then, never later. */
  private readonly sent: number[] = [];
  private blockedUntil = 0;
  private waiting = 0;
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  /** Runs `send` once the robot's budget allows one more message. */
  run<T>(send: () => Promise<T>): Promise<T> {
    if (this.waiting >= 2 * this.limit) {
      return Promise.reject(new WeComError('WeCom robot busy: too many messages waiting for its per-minute budget', { code: 'paced', retryable: true, retryAfterMs: this.windowMs }));
    }
    this.waiting++;
    const mine = this.turn
      .then(async () => {
        await this.waitForSlot();
        try {
          return await send();
        } finally {
          this.sent.push(this.clock.now());
        }
      })
      .finally(() => this.waiting--);
    this.turn = mine.then(
      () => {},
      () => {},
    );
    return mine;
  }

  /** The robot answered a throttle: hold everything until its window is over. */
  block(): void {
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + this.windowMs);
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.sent.length > 0 && this.sent[0]! <= now - this.windowMs) this.sent.shift();
      const full = this.sent.length >= this.limit ? this.sent[0]! + this.windowMs - now : 0;
      const wait = Math.max(this.blockedUntil - now, full);
      if (wait <= 0) return;
      await this.clock.sleep(wait);
    }
  }
}
