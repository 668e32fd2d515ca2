import type { JsonValue } from '../contract/json.js';

/**
 * Small JSON values an adapter keeps beyond one chat session, in its host's store: shared by every gateway
 * instance when the gateway runs on Redis, so a rule such as "no bot traffic for this user for 24 hours after a
 * handover" holds whichever instance the next chat lands on. Keys are namespaced per adapter by the host.
 */
export interface AdapterStore {
  /** The value under `key`, or undefined when there is none or it expired. */
  get(key: string): Promise<JsonValue | undefined>;
  /** Stores `value` under `key`; with `ttlMs` it expires that long after this call (each set restarts the TTL). */
  set(key: string, value: JsonValue, options?: { ttlMs?: number }): Promise<void>;
  /** Forgets `key`; forgetting a key that is not there is no error. */
  delete(key: string): Promise<void>;
}

/** Options of `createMemoryAdapterStore`. */
export interface MemoryAdapterStoreOptions {
  /** The clock the TTLs follow. Default `Date.now`; tests pass a fake one. */
  now?: () => number;
}

/** An `AdapterStore` in this process's memory: for one process, and for tests. */
export function createMemoryAdapterStore(options: MemoryAdapterStoreOptions = {}): AdapterStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { json: string; expiresAt: number }>();
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
  };
}
