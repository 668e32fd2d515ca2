import type { Redis } from 'ioredis';
import type { LeaseStore } from '../lease-store.js';
import type { RedisKeys } from './redis-keys.js';
import { type RedisScript, redisScript } from './redis-script.js';

/** Takes a free lease, or extends it for its holder. KEYS[1] lease, ARGV owner, ttl. */
const ACQUIRE = `
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Moves the lease to a new owner if the dead one still holds it. KEYS[1] lease, ARGV from, to, ttl. */
const TAKE_OVER = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0`;

/** Leases as keys holding the owner's id, with a TTL; the check-and-set runs in Lua so it is atomic. */
export class RedisLeaseStore implements LeaseStore {
  private readonly acquireScript: RedisScript;
  private readonly renewScript: RedisScript;
  private readonly releaseScript: RedisScript;
  private readonly takeOverScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.acquireScript = redisScript(redis, 'byosdAcquireLease', 1, ACQUIRE);
    this.renewScript = redisScript(redis, 'byosdRenewLease', 1, RENEW);
    this.releaseScript = redisScript(redis, 'byosdReleaseLease', 1, RELEASE);
    this.takeOverScript = redisScript(redis, 'byosdTakeOverLease', 1, TAKE_OVER);
  }

  async acquire(chatId: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.acquireScript(this.keys.lease(chatId), owner, ttlMs)) === 1;
  }

  async renew(chatId: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.renewScript(this.keys.lease(chatId), owner, ttlMs)) === 1;
  }

  async release(chatId: string, owner: string): Promise<void> {
    await this.releaseScript(this.keys.lease(chatId), owner);
  }

  async takeOver(chatId: string, from: string, to: string, ttlMs: number): Promise<boolean> {
    return (await this.takeOverScript(this.keys.lease(chatId), from, to, ttlMs)) === 1;
  }

  async holder(chatId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.lease(chatId))) ?? undefined;
  }
}
