import type { Logger } from '@byosd/core';
import type { Redis } from 'ioredis';

/** How often one connection's errors are logged at most while Redis stays unreachable. */
const LOG_EVERY_MS = 10_000;

/**
 * Handles the `error` events of an ioredis connection. Without a listener ioredis prints "Unhandled error event"
 * for every failed reconnect; with this one each connection logs a warning, at most one per LOG_EVERY_MS (ioredis
 * goes on reconnecting by itself).
 */
export function reportRedisErrors(redis: Redis, logger: Logger | undefined, connection: string): void {
  let loggedAt = 0;
  let suppressed = 0;
  redis.on('error', (error: Error) => {
    const now = Date.now();
    if (now - loggedAt < LOG_EVERY_MS) {
      suppressed += 1;
      return;
    }
    logger?.warn({ connection, err: error, suppressed }, 'Redis connection error; reconnecting');
    loggedAt = now;
    suppressed = 0;
  });
}
