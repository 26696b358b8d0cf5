import { fail, type Reply } from './http.js';

/** Sliding-window counter per key: the real gateway refuses the call that would exceed the window. */
export class WindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Ms until the key may call again; 0 when it may call now. */
  waitMs(key: string): number {
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((x) => x > t - this.windowMs);
    this.hits.set(key, recent);
    const oldest = recent[0];
    return recent.length >= this.limit && oldest !== undefined ? oldest + this.windowMs - t : 0;
  }

  record(key: string): void {
    const list = this.hits.get(key) ?? [];
    list.push(this.now());
    this.hits.set(key, list);
  }
}

/** Checks every limiter for the key and records the hit only if all of them allow it. */
function take(limiters: WindowLimiter[], key: string): { limiter: WindowLimiter; waitMs: number } | undefined {
  for (const limiter of limiters) {
    const waitMs = limiter.waitMs(key);
    if (waitMs > 0) return { limiter, waitMs };
  }
  for (const limiter of limiters) limiter.record(key);
  return undefined;
}

/** The platform's published frequency limits, each answered with the code the real one uses. */
export class LarkRateLimits {
  private readonly app: WindowLimiter[];
  private readonly chat: WindowLimiter;
  private readonly messageUpdate: WindowLimiter;
  private readonly customBot: WindowLimiter[];

  constructor(now: () => number) {
    this.app = [new WindowLimiter(50, 1000, now), new WindowLimiter(1000, 60_000, now)];
    this.chat = new WindowLimiter(5, 1000, now);
    this.messageUpdate = new WindowLimiter(5, 1000, now);
    this.customBot = [new WindowLimiter(5, 1000, now), new WindowLimiter(100, 60_000, now)];
  }

  /** 50/s and 1000/min per app, enforced by the gateway: HTTP 429 with `x-ogw-ratelimit-*`. */
  appCall(appId: string): Reply | undefined {
    const hit = take(this.app, appId);
    if (!hit) return undefined;
    return fail(429, 99991400, 'request trigger frequency limit', {
      'x-ogw-ratelimit-limit': String(hit.limiter.limit),
      // Seconds until the window frees a slot, rounded up so a client waiting that long succeeds.
      'x-ogw-ratelimit-reset': String(Math.ceil(hit.waitMs / 1000)),
    });
  }

  /** 5 QPS per group, shared by every bot in it: the IM service answers 230020. */
  chatSend(chatId: string): Reply | undefined {
    return take([this.chat], chatId) && fail(400, 230020, 'This operation triggers the frequency limit.');
  }

  /** 5 QPS of updates per message: 230020 as well. */
  messagePatch(messageId: string): Reply | undefined {
    return take([this.messageUpdate], messageId) && fail(400, 230020, 'This operation triggers the frequency limit.');
  }

  /** Custom bots: 5/s and 100/min per webhook, answered with HTTP 200 and code 11232. */
  customBotSend(token: string): Reply | undefined {
    return take(this.customBot, token) && fail(200, 11232, 'frequency limited');
  }
}
