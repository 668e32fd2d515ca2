import type { Redis } from 'ioredis';
import * as z from 'zod/mini';
import type { ShortCodeRecord, ShortCodeRole, ShortCodeStore } from '../short-code-store.js';
import type { RedisKeys } from './redis-keys.js';
import { type RedisScript, redisScript } from './redis-script.js';
import { shortCodeRecordSchema } from './redis-schemas.js';

/** Stores a code unless it exists. KEYS[1] code, ARGV record, ttl. */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'record', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Marks the code redeemed by a side and returns its record, unless that side redeemed it. ARGV role. */
const REDEEM = `
local record = redis.call('HGET', KEYS[1], 'record')
if record == false then return false end
if redis.call('HSETNX', KEYS[1], ARGV[1], '1') == 0 then return false end
return record`;

/** Each code is a hash (the record, plus a field per side that redeemed it) with a TTL; redeeming runs in Lua. */
export class RedisShortCodeStore implements ShortCodeStore {
  private readonly createScript: RedisScript;
  private readonly redeemScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.createScript = redisScript(redis, 'byosdCreateShortCode', 1, CREATE);
    this.redeemScript = redisScript(redis, 'byosdRedeemShortCode', 1, REDEEM);
  }

  async create(code: string, record: ShortCodeRecord, ttlMs: number): Promise<boolean> {
    return (await this.createScript(this.keys.shortCode(code), JSON.stringify(record), ttlMs)) === 1;
  }

  async redeem(code: string, role: ShortCodeRole): Promise<ShortCodeRecord | undefined> {
    const stored = await this.redeemScript(this.keys.shortCode(code), `redeemed-by-${role}`);
    if (typeof stored !== 'string') return undefined;
    return z.parse(shortCodeRecordSchema, JSON.parse(stored)) as ShortCodeRecord;
  }
}
