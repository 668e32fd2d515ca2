import type { JsonValue } from '../contract/json.js';

/** One sliding window of a rate limit: at most `max` takes in any `windowMs` milliseconds. */
export interface RateLimit {
  /** The length of the window, in ms (a positive integer). */
  windowMs: number;
  /** How many takes the window holds (a positive integer). */
  max: number;
}

/** The answer of `AdapterStore.take`. */
export interface RateLimitDecision {
  /** Whether the take fitted every window (and so was counted). */
  allowed: boolean;
  /** When refused: the ms until a take would fit every window, at least 1. When allowed: 0. */
  retryAfterMs: number;
}

/**
 * Small JSON values an adapter keeps beyond one chat session, in its host's store: shared by every gateway
 * instance when the gateway runs on Redis, so a rule such as "no bot traffic for this user for 24 hours after a
 * handover" holds whichever instance the next chat lands on. Keys are namespaced per adapter by the host.
 *
 * Every method is required of a host, `take` included: a host that counted rate limits only in its own process
 * would let a cluster of instances exceed a backend's limit without anyone noticing. `createMemoryAdapterStore`
 * implements all of it for a host of one process.
 */
export interface AdapterStore {
  /** The value under `key`, or undefined when there is none or it expired. */
  get(key: string): Promise<JsonValue | undefined>;
  /** Stores `value` under `key`; with `ttlMs` it expires that long after this call (each set restarts the TTL). */
  set(key: string, value: JsonValue, options?: { ttlMs?: number }): Promise<void>;
  /** Forgets `key`; forgetting a key that is not there is no error. */
  delete(key: string): Promise<void>;
  /**
   * One take of the rate limit `key`, atomically for everyone sharing the store: allowed (and counted) when it
   * fits every window of `limits` (sliding windows over the times of the allowed takes), else refused with the
   * time until it would fit; a refused take counts nothing. Rate-limit keys are a namespace apart from the values
   * of `get`/`set`. Hosts keep the times of as many takes as the largest `max`, for the longest window. Throws a
   * `RangeError` when `limits` is empty or a window is not positive integers.
   */
  take(key: string, limits: readonly RateLimit[]): Promise<RateLimitDecision>;
}

/** Throws a `RangeError` naming the field unless `limits` is a non-empty list of windows of positive integers. */
export function assertRateLimits(limits: readonly RateLimit[]): void {
  if (limits.length === 0) throw new RangeError('limits must name at least one window');
  limits.forEach(({ windowMs, max }, index) => {
    if (!Number.isSafeInteger(windowMs) || windowMs <= 0) throw new RangeError(`limits[${index}].windowMs must be a positive integer, got ${windowMs}`);
    if (!Number.isSafeInteger(max) || max <= 0) throw new RangeError(`limits[${index}].max must be a positive integer, got ${max}`);
  });
}

/** Options of `createMemoryAdapterStore`. */
export interface MemoryAdapterStoreOptions {
  /** The clock the TTLs and rate-limit windows follow. Default `Date.now`; tests pass a fake one. */
  now?: () => number;
}

/** An `AdapterStore` in this process's memory: for one process, and for tests. */
export function createMemoryAdapterStore(options: MemoryAdapterStoreOptions = {}): AdapterStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { json: string; expiresAt: number }>();
  /** Per rate-limit key, the times of its allowed takes, oldest first. */
  const takes = new Map<string, number[]>();
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return JSON.parse(entry.json) as JsonValue;
    },
    async set(key, value, setOptions = {}) {
      const ttlMs = setOptions.ttlMs;
      if (ttlMs !== undefined && !(ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${ttlMs}`);
      entries.set(key, { json: JSON.stringify(value), expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs });
    },
    async delete(key) {
      entries.delete(key);
    },
    async take(key, limits) {
      assertRateLimits(limits);
      const at = now();
      const longest = Math.max(...limits.map((limit) => limit.windowMs));
      const times = takes.get(key) ?? [];
      times.splice(0, firstAfter(times, at - longest));
      const retryAfterMs = Math.max(0, ...limits.map((limit) => waitFor(times, limit, at)));
      if (retryAfterMs === 0) times.push(at);
      if (times.length > 0) takes.set(key, times);
      else takes.delete(key);
      return { allowed: retryAfterMs === 0, retryAfterMs };
    },
  };
}

/** The index of the first of the ascending `times` after `since` (their length when there is none). */
function firstAfter(times: readonly number[], since: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] ?? since) > since) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** How long from `at` until one more take fits `limit`, given the ascending times of the takes so far. */
function waitFor(times: readonly number[], { windowMs, max }: RateLimit, at: number): number {
  const inWindow = times.length - firstAfter(times, at - windowMs);
  if (inWindow < max) return 0;
  // The oldest take that has to leave the window for one more to fit.
  const blocking = times[times.length - max] ?? at;
  return blocking + windowMs - at;
}
