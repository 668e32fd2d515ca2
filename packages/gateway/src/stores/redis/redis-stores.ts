import type { Logger } from '@byosd/core';
import type { Redis } from 'ioredis';
import type { GatewayStores } from '../stores.js';
import { redisAdapterStore } from './redis-adapter-store.js';
import { RedisAttemptLimitStore } from './redis-attempt-limit-store.js';
import { RedisChatRecordStore } from './redis-chat-record-store.js';
import { RedisEventLog } from './redis-event-log.js';
import { RedisHandoverChannel } from './redis-handover-channel.js';
import { RedisInstanceRegistry } from './redis-instance-registry.js';
import { RedisKeys } from './redis-keys.js';
import { RedisLeaseStore } from './redis-lease-store.js';
import { reportRedisErrors } from './redis-errors.js';
import { RedisShortCodeStore } from './redis-short-code-store.js';

export interface RedisStoresOptions {
  /** A Redis URL; ignored when `redis` is given. */
  url?: string;
  /** A connected client to use (and close on `close()`). */
  redis?: Redis;
  /** Prefix of every key. Default `byosd:`. */
  keyPrefix?: string;
  /**
   * How long a command may wait for Redis before it fails (a frozen or partitioned Redis must not hang the
   * gateway); ignored when `redis` is given. Default 2000.
   */
  commandTimeoutMs?: number;
  /** Where connection errors are reported (at most one line per 10 s). */
  logger?: Logger;
}

/** Every store on one Redis (or Redis Cluster: keys carry hash tags), shared by all gateway instances. */
export async function createRedisStores(options: RedisStoresOptions = {}): Promise<GatewayStores> {
  // ioredis is imported here, not above: a gateway on memory stores does not load it at start-up.
  const redis =
    options.redis ??
    new (await import('ioredis')).Redis(options.url ?? 'redis://127.0.0.1:6379', {
      lazyConnect: true,
      maxRetriesPerRequest: 3,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      // The commands every chat issues in one turn of the event loop leave in one write (ioredis keeps their order).
      enableAutoPipelining: true,
    });
  reportRedisErrors(redis, options.logger, 'stores');
  if (redis.status === 'wait') await redis.connect();
  const keys = new RedisKeys(options.keyPrefix ?? 'byosd:');
  const handovers = new RedisHandoverChannel(redis, keys, options.logger);
  return {
    chats: new RedisChatRecordStore(redis, keys),
    events: new RedisEventLog(redis, keys),
    leases: new RedisLeaseStore(redis, keys),
    instances: new RedisInstanceRegistry(redis, keys),
    shortCodes: new RedisShortCodeStore(redis, keys),
    attempts: new RedisAttemptLimitStore(redis, keys),
    handovers,
    adapterStore: (adapter) => redisAdapterStore(redis, keys, adapter),
    shared: true,
    ping: async () => (await redis.ping()) === 'PONG',
    close: async () => {
      handovers.close();
      await redis.quit();
    },
  };
}
