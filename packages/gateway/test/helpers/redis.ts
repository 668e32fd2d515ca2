import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createRedisStores, type GatewayStores } from '@byosd/gateway';

export const REDIS_URL = process.env['BYOSD_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** Stores on the real Redis under a key prefix of their own; `close()` deletes every key under it. */
export async function createTestRedisStores(keyPrefix = `byosd-test:${randomUUID()}:`): Promise<GatewayStores> {
  const stores = await createRedisStores({ url: REDIS_URL, keyPrefix });
  return {
    ...stores,
    close: async () => {
      await deleteKeys(keyPrefix);
      await stores.close();
    },
  };
}

/** Deletes every key under `prefix` (what a test wrote under a prefix of its own). */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
