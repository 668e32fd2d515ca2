import type { Redis } from 'ioredis';
import type { InstanceRegistry } from '../instance-registry.js';
import type { RedisKeys } from './redis-keys.js';
import { type RedisScript, redisScript } from './redis-script.js';

/** Sets the presence and says whether it was there. KEYS[1] presence, ARGV ttl. */
const HEARTBEAT = `
local was = redis.call('EXISTS', KEYS[1])
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return was`;

/** Presences as keys with a TTL, one per instance. */
export class RedisInstanceRegistry implements InstanceRegistry {
  private readonly heartbeatScript: RedisScript;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.heartbeatScript = redisScript(redis, 'byosdInstanceHeartbeat', 1, HEARTBEAT);
  }

  async heartbeat(instanceId: string, ttlMs: number): Promise<boolean> {
    return (await this.heartbeatScript(this.keys.instance(instanceId), ttlMs)) === 1;
  }

  async isAlive(instanceId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.instance(instanceId))) === 1;
  }

  async leave(instanceId: string): Promise<void> {
    await this.redis.del(this.keys.instance(instanceId));
  }
}
