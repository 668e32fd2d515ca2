import type { Logger, WebhookHub } from '@byosd/core';
import { reportRedisErrors } from '../stores/redis/redis-errors.js';

export interface RedisWebhookHubOptions {
  url: string;
  /** Prefix of the pub/sub channels. */
  channelPrefix: string;
  logger: Logger;
  /** How long a publish may wait for Redis. Default 2000. */
  commandTimeoutMs?: number;
}

/** A webhook hub that can be closed (it holds Redis connections). */
export interface ClosableWebhookHub extends WebhookHub {
  close(): Promise<void>;
}

/**
 * A WebhookHub over Redis pub/sub, so that a webhook received by any instance reaches the desk on the instance
 * that hosts the chat. `publish` resolves true when some instance listens under the key; delivery to listeners
 * is asynchronous, so adapters must not rely on the listener having finished (webhook routes answer 2xx once
 * the event is handed over).
 */
export async function createRedisWebhookHub(options: RedisWebhookHubOptions): Promise<ClosableWebhookHub> {
  // Imported here: a gateway on memory stores does not load ioredis at start-up.
  const { Redis } = await import('ioredis');
  const publisher = new Redis(options.url, { lazyConnect: true, maxRetriesPerRequest: 3, commandTimeout: options.commandTimeoutMs ?? 2000 });
  // The subscriber resubscribes by itself after a reconnect (ioredis' autoResubscribe).
  const subscriber = new Redis(options.url, { lazyConnect: true });
  reportRedisErrors(publisher, options.logger, 'webhook publisher');
  reportRedisErrors(subscriber, options.logger, 'webhook subscriber');
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const listeners = new Map<string, Set<(event: unknown) => void | Promise<void>>>();
  const channel = (key: string) => `${options.channelPrefix}webhook:${key}`;

  subscriber.on('message', (name: string, message: string) => {
    const key = name.slice(channel('').length);
    let event: unknown;
    try {
      event = JSON.parse(message);
    } catch {
      options.logger.warn({ key }, 'Dropped a webhook event that is not JSON');
      return;
    }
    for (const listener of listeners.get(key) ?? []) {
      Promise.resolve()
        .then(() => listener(event))
        .catch((error: unknown) => options.logger.error({ key, err: error }, 'A webhook listener failed'));
    }
  });

  return {
    subscribe(key, listener) {
      let set = listeners.get(key);
      if (!set) {
        listeners.set(key, (set = new Set()));
        subscriber.subscribe(channel(key)).catch((error: unknown) => options.logger.warn({ key, err: error }, 'Subscribing to webhook events failed'));
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size > 0 || listeners.get(key) !== set) return;
        listeners.delete(key);
        subscriber.unsubscribe(channel(key)).catch((error: unknown) => options.logger.warn({ key, err: error }, 'Unsubscribing from webhook events failed'));
      };
    },
    async publish(key, event) {
      return (await publisher.publish(channel(key), JSON.stringify(event))) > 0;
    },
    async close() {
      await Promise.all([publisher.quit(), subscriber.quit()]);
    },
  };
}
