import { createHash } from 'node:crypto';
import { type AdapterStore, createMemoryAdapterStore, type RateLimit } from '@byosd/core';
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

export interface RateLimiterOptions {
  /**
   * Widens every window: requests leave at the granted times but reach the server a little later and not always
   * in the same spacing, so a limiter exactly at the server's limit would sometimes be refused. Default 0.
   */
  marginMs?: number;
  /**
   * Where the windows are counted (`AdapterStore.take`): the host's store makes the limit hold for every process
   * sharing it. Default: a store of this limiter alone, on `clock`.
   */
  store?: AdapterStore;
  /** The rate-limit key in `store`. Default `rate-limit`. */
  key?: string;
}

/**
 * A client-side limiter over several sliding windows at once (MSC: 3 a second, 180 a minute, 10,000 an hour,
 * 100,000 a day): `acquire()` resolves when one more request fits every window, in call order among the callers of
 * this limiter. It waits rather than be refused: a refused take is retried when the store says it would fit.
 */
export class SlidingWindowRateLimiter {
  private queue: Promise<void> = Promise.resolve();
  private readonly limits: readonly RateLimit[];
  private readonly store: AdapterStore;
  private readonly key: string;

  constructor(
    windows: readonly RateLimitWindow[] = MSC_RATE_LIMITS,
    private readonly clock: LimiterClock = realClock,
    options: RateLimiterOptions = {},
  ) {
    const marginMs = options.marginMs ?? 0;
    this.limits = windows.map(({ limit, windowMs }) => ({ windowMs: windowMs + marginMs, max: limit }));
    this.store = options.store ?? createMemoryAdapterStore({ now: () => clock.now() });
    this.key = options.key ?? 'rate-limit';
  }

  /** Waits for a free slot in every window, then takes it. Rejects when the store cannot count. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.take());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async take(): Promise<void> {
    for (;;) {
      const { allowed, retryAfterMs } = await this.store.take(this.key, this.limits);
      if (allowed) return;
      await this.clock.sleep(Math.max(1, retryAfterMs));
    }
  }
}

/** The margin of the shared limiters: more than the spread of request latencies on one connection. */
const NETWORK_MARGIN_MS = 100;

const processLimiters = new Map<string, SlidingWindowRateLimiter>();

/**
 * The limiter of an MSC API key: every desk using the key shares MSC's budget. With the host's store it is counted
 * there (on the gateway's Redis: across every instance); without one, in this process only.
 */
export function rateLimiterFor(apiKey: string, store: AdapterStore | undefined): SlidingWindowRateLimiter {
  // The key's hash names its budget: the API key itself stays out of the store.
  const key = `msc-rate:${createHash('sha256').update(apiKey).digest('hex').slice(0, 32)}`;
  if (store) return new SlidingWindowRateLimiter(MSC_RATE_LIMITS, realClock, { marginMs: NETWORK_MARGIN_MS, store, key });
  let limiter = processLimiters.get(key);
  if (!limiter) processLimiters.set(key, (limiter = new SlidingWindowRateLimiter(MSC_RATE_LIMITS, realClock, { marginMs: NETWORK_MARGIN_MS, key })));
  return limiter;
}
