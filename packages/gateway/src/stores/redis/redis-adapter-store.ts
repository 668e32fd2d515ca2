import { type AdapterStore, type JsonValue, jsonValueSchema } from '@byosd/core';
import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.js';

/** One adapter's `AdapterStore` on Redis: JSON strings under `<prefix>adapter:<adapter>:{<key>}`, TTLs as PX. */
export function redisAdapterStore(redis: Redis, keys: RedisKeys, adapter: string): AdapterStore {
  const key = (name: string) => keys.adapterData(adapter, name);
  return {
    async get(name) {
      const text = await redis.get(key(name));
      if (text === null) return undefined;
      const parsed = jsonValueSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : undefined;
    },
    async set(name, value: JsonValue, options = {}) {
      const ttlMs = options.ttlMs;
      if (ttlMs !== undefined && !(ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${ttlMs}`);
      if (ttlMs === undefined) await redis.set(key(name), JSON.stringify(value));
      else await redis.set(key(name), JSON.stringify(value), 'PX', Math.ceil(ttlMs));
    },
    async delete(name) {
      await redis.del(key(name));
    },
  };
}
