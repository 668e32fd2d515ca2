import type { Redis } from 'ioredis';
import type { AttemptLimit, AttemptLimitStore } from '../attempt-limit-store.js';
import type { RedisKeys } from './redis-keys.js';
import { type RedisScript, redisScript } from './redis-script.js';

/**
 * A token bucket in a hash (tokens, refilled at), refilled by Redis's own clock so that instances' clocks do not
 * matter. KEYS[1] bucket; ARGV tokens per ms, burst, 1 to take a token. Returns 0 when a token was there (and
 * taken), else the ms until the next one. A bucket that would be full again is let expire.
 */
const BUCKET = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(bucket[1]) or burst
local at = tonumber(bucket[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
if tokens < 1 then
  return math.ceil((1 - tokens) / rate)
end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens - 1), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate))
end
return 0`;

/** Attempt limits shared by every instance on the Redis: one bucket key per scope and client. */
export class RedisAttemptLimitStore implements AttemptLimitStore {
  private readonly bucketScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.bucketScript = redisScript(redis, 'byosdAttemptBucket', 1, BUCKET);
  }

  retryAfterMs(limit: AttemptLimit, client: string): Promise<number> {
    return this.run(limit, client, false);
  }

  take(limit: AttemptLimit, client: string): Promise<number> {
    return this.run(limit, client, true);
  }

  private async run(limit: AttemptLimit, client: string, take: boolean): Promise<number> {
    const tokensPerMs = limit.perMinute / 60_000;
    return Number(await this.bucketScript(this.keys.attempts(limit.scope, client), tokensPerMs, limit.perMinute, take ? 1 : 0));
  }
}
