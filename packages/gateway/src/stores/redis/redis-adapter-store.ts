import { randomBytes } from 'node:crypto';
import { type AdapterStore, assertRateLimits, type JsonValue, jsonValueSchema } from '@byosd/core';
import type { Redis } from 'ioredis';
import type { RedisKeys } from './redis-keys.js';
import { redisScript } from './redis-script.js';

/**
 * Sliding windows over the times of the allowed takes, kept in a sorted set (score: ms), on Redis's own clock so
 * that instances with skewed clocks agree. KEYS[1] the set; ARGV[1] a unique member for this take, then pairs of
 * window ms and max. Returns 0 when the take fits every window (and is added), else the ms until it would. Takes
 * older than the longest window are dropped, and the set expires once it would be empty.
 */
const TAKE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local longest = 0
for i = 2, #ARGV, 2 do longest = math.max(longest, tonumber(ARGV[i])) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
local wait = 0
for i = 2, #ARGV, 2 do
  local windowMs = tonumber(ARGV[i])
  local max = tonumber(ARGV[i + 1])
  local since = '(' .. string.format('%d', now - windowMs)
  local inWindow = redis.call('ZCOUNT', KEYS[1], since, '+inf')
  if inWindow >= max then
    local blocking = redis.call('ZRANGEBYSCORE', KEYS[1], since, '+inf', 'WITHSCORES', 'LIMIT', inWindow - max, 1)
    wait = math.max(wait, tonumber(blocking[2]) + windowMs - now)
  end
end
if wait > 0 then return wait end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], longest)
return 0`;

/**
 * One adapter's `AdapterStore` on Redis: JSON strings under `<prefix>adapter:<adapter>:{<key>}`, TTLs as PX; rate
 * limits as sorted sets under `<prefix>adapter-rate:<adapter>:{<key>}`.
 */
export function redisAdapterStore(redis: Redis, keys: RedisKeys, adapter: string): AdapterStore {
  const key = (name: string) => keys.adapterData(adapter, name);
  const takeScript = redisScript(redis, 'byosdTakeAdapterRate', 1, TAKE);
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
    async take(name, limits) {
      assertRateLimits(limits);
      const windows = limits.flatMap(({ windowMs, max }) => [windowMs, max]);
      const retryAfterMs = Number(await takeScript(keys.adapterRateLimit(adapter, name), randomBytes(9).toString('base64url'), ...windows));
      return { allowed: retryAfterMs === 0, retryAfterMs };
    },
  };
}
