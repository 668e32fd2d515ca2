import type { Logger } from '@byosd/core';
import type { GatewayConfig } from '../config/gateway-config.js';
import { createMemoryStores } from './memory/memory-stores.js';
import { createRedisStores } from './redis/redis-stores.js';
import type { GatewayStores } from './stores.js';

/** The stores the configuration asks for. */
export async function createStores(config: GatewayConfig, logger?: Logger): Promise<GatewayStores> {
  if (config.store === 'memory') return createMemoryStores();
  return createRedisStores({
    url: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    commandTimeoutMs: config.redisCommandTimeoutMs,
    ...(logger ? { logger } : {}),
  });
}
