import { MSC_RATE_LIMITS, type RateLimitWindow } from '../protocol/index.js';

/** The clock a limiter reads and waits on; tests pass a fake one. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: LimiterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * A client-side limiter over several sliding windows at once (MSC: 3 a second, 180 a minute, 10,000 an hour,
 * 100,000 a day): `acquire()` resolves when one more request fits every window, in call order. It keeps the start
 * times of the requests of the longest window, so its memory is bounded by the largest limit.
 */
export class SlidingWindowRateLimiter {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly longest: number;

  private readonly windows: readonly RateLimitWindow[];

  /**
   * `marginMs` widens every window: requests leave at the granted times but reach the server a little later and
   * not always in the same spacing, so a limiter exactly at the server's limit would sometimes be refused.
   */
  constructor(
    windows: readonly RateLimitWindow[] = MSC_RATE_LIMITS,
    private readonly clock: LimiterClock = realClock,
    marginMs = 0,
  ) {
    this.windows = windows.map(({ limit, windowMs }) => ({ limit, windowMs: windowMs + marginMs }));
    this.longest = Math.max(...this.windows.map((window) => window.windowMs));
  }

  /** Waits for a free slot in every window, then takes it. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** How long from now until one more request fits every window (0: at once). */
  delayMs(): number {
    const now = this.clock.now();
    this.forget(now);
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      const inWindow = this.countSince(now - windowMs);
      if (inWindow < limit) continue;
      // The oldest request that has to leave the window for one more to fit.
      const blocking = this.starts[this.starts.length - limit];
      if (blocking !== undefined) wait = Math.max(wait, blocking + windowMs - now);
    }
    return wait;
  }

  private async take(): Promise<void> {
    for (let wait = this.delayMs(); wait > 0; wait = this.delayMs()) await this.clock.sleep(wait);
    this.starts.push(this.clock.now());
  }

  private countSince(since: number): number {
    let count = 0;
    for (let index = this.starts.length - 1; index >= 0 && (this.starts[index] ?? 0) > since; index -= 1) count += 1;
    return count;
  }

  private forget(now: number): void {
    let drop = 0;
    while (drop < this.starts.length && (this.starts[drop] ?? 0) <= now - this.longest) drop += 1;
    if (drop > 0) this.starts.splice(0, drop);
  }
}

/** The margin of the shared limiters: more than the spread of request latencies on one connection. */
const NETWORK_MARGIN_MS = 100;

const limitersByKey = new Map<string, SlidingWindowRateLimiter>();

/** The one limiter of an MSC API key in this process: every desk using the key shares MSC's budget. */
export function rateLimiterFor(apiKey: string): SlidingWindowRateLimiter {
  let limiter = limitersByKey.get(apiKey);
  if (!limiter) limitersByKey.set(apiKey, (limiter = new SlidingWindowRateLimiter(MSC_RATE_LIMITS, realClock, NETWORK_MARGIN_MS)));
  return limiter;
}
