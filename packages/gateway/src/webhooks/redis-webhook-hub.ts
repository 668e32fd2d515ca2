import type { Logger, WebhookHub } from '@byosd/core';
import { reportRedisErrors } from '../stores/redis/redis-errors.js';

export interface RedisWebhookHubOptions {
  url: string;
  /** Prefix of the pub/sub channels and of the held events' keys. */
  channelPrefix: string;
  logger: Logger;
  /** How long a publish may wait for Redis. Default 2000. */
  commandTimeoutMs?: number;
  /** How long an event that no instance listened for is held for the key's next listener. Default 60000. */
  holdMs?: number;
  /** The most events held per key; the oldest go first. Default 100. */
  holdLimit?: number;
}

/** A webhook hub that can be closed (it holds Redis connections). */
export interface ClosableWebhookHub extends WebhookHub {
  close(): Promise<void>;
}

type Listener = (event: unknown) => void | Promise<void>;

/** Publishes; when no instance listens, holds the event under the key instead (one step, so a subscribe cannot fall between). */
const PUBLISH_OR_HOLD = `
local receivers = redis.call('PUBLISH', ARGV[1], ARGV[2])
if receivers > 0 then return receivers end
redis.call('RPUSH', KEYS[1], ARGV[2])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[4]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 0`;

/** Takes every event held under a key, oldest first. */
const TAKE_HELD = `
local held = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return held`;

/**
 * A WebhookHub over Redis pub/sub, so that a webhook received by any instance reaches the desk on the instance
 * that hosts the chat. Delivery to listeners is asynchronous, so adapters must not rely on the listener having
 * finished (webhook routes answer 2xx once the event is handed over).
 *
 * An event that no instance listens for is held for `holdMs`: a chat's desk may be between instances (its instance
 * died and its client has not resumed it elsewhere yet) or its instance may be resubscribing after Redis came
 * back, and a backend that does not retry (CM.com's router) would lose the event. A listener that subscribes under
 * the key, or resubscribes after a reconnect, gets the held events first, in the order they were published.
 * `publish` resolves true when the event reached a listener or was held.
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
  const holdMs = options.holdMs ?? 60_000;
  const holdLimit = options.holdLimit ?? 100;
  const listeners = new Map<string, Set<Listener>>();
  /** Keys whose held events are being taken: live events wait behind them, so that order is kept. */
  const taking = new Map<string, string[]>();
  const channel = (key: string) => `${options.channelPrefix}webhook:${key}`;
  // The key in a {hash tag}, as every key of the gateway's, so that Redis Cluster works.
  const heldKey = (key: string) => `${options.channelPrefix}webhook-held:{${key}}`;

  const deliver = (key: string, message: string) => {
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
  };

  /** Hands the key's listeners what was held for them, then what arrived live meanwhile. */
  const takeHeld = async (key: string) => {
    if (taking.has(key)) return;
    const waiting: string[] = [];
    taking.set(key, waiting);
    try {
      const held = (await publisher.eval(TAKE_HELD, 1, heldKey(key))) as string[];
      for (const message of held) deliver(key, message);
    } catch (error) {
      options.logger.warn({ key, err: error }, 'Could not take the webhook events held for a chat; they stay held');
    } finally {
      taking.delete(key);
      for (const message of waiting) deliver(key, message);
    }
  };

  subscriber.on('message', (name: string, message: string) => {
    const key = name.slice(channel('').length);
    const waiting = taking.get(key);
    if (waiting) waiting.push(message);
    else deliver(key, message);
  });
  // Ready again after a reconnect, ioredis has subscribed again: what was published while nobody listened is held.
  subscriber.on('ready', () => {
    for (const key of listeners.keys()) void takeHeld(key);
  });

  return {
    subscribe(key, listener) {
      let set = listeners.get(key);
      if (!set) {
        listeners.set(key, (set = new Set()));
        subscriber
          .subscribe(channel(key))
          .then(() => takeHeld(key))
          .catch((error: unknown) => options.logger.warn({ key, err: error }, 'Subscribing to webhook events failed'));
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
      await publisher.eval(PUBLISH_OR_HOLD, 1, heldKey(key), channel(key), JSON.stringify(event), holdMs, holdLimit);
      return true;
    },
    async close() {
      await Promise.all([publisher.quit(), subscriber.quit()]);
    },
  };
}
