import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { silentLogger, withTimeout } from '@byosd/core';
import { type ClosableWebhookHub, createRedisWebhookHub } from '../src/webhooks/redis-webhook-hub.js';
import { FreezableProxy } from './helpers/freezable-proxy.js';
import { deleteKeys, REDIS_URL } from './helpers/redis.js';
import { eventually } from './helpers/test-gateway.js';

/**
 * The gateway's webhook hub on the real Redis. An event that no instance listens for (the chat's instance died and
 * its client has not resumed it elsewhere yet) is held for the key's next listener: CM.com's router, for one, does
 * not retry a delivery that was refused.
 */
describe('the Redis webhook hub holds events nobody listened for', () => {
  const prefix = `byosd-test:${randomUUID()}:`;
  const hubs: ClosableWebhookHub[] = [];
  const hub = async (options: { holdMs?: number; holdLimit?: number } = {}) => {
    const created = await createRedisWebhookHub({ url: REDIS_URL, channelPrefix: prefix, logger: silentLogger, ...options });
    hubs.push(created);
    return created;
  };

  afterEach(async () => {
    await Promise.all(hubs.splice(0).map((created) => created.close()));
    await deleteKeys(prefix);
  });

  /** A listener under `key` on `on`: what it received so far, and a bounded wait for the count to reach n. */
  function listen(on: ClosableWebhookHub, key: string) {
    const received: unknown[] = [];
    const waiters: Array<() => void> = [];
    on.subscribe(key, (event) => {
      received.push(event);
      for (const wake of waiters.splice(0)) wake();
    });
    const receivedCount = (count: number) =>
      withTimeout(
        new Promise<void>((resolve) => {
          const check = () => (received.length >= count ? resolve() : void waiters.push(check));
          check();
        }),
        5000,
        `${count} events under ${key}`,
      );
    return { received, receivedCount };
  }

  test('published while nobody listens: held, and handed to the listener that subscribes later, in order', async () => {
    const receiver = await hub();
    const publisher = await hub();
    expect(await publisher.publish('chat-1', { n: 1 })).toBe(true);
    expect(await publisher.publish('chat-1', { n: 2 })).toBe(true);
    const { received, receivedCount } = listen(receiver, 'chat-1');
    await receivedCount(2);
    await publisher.publish('chat-1', { n: 3 });
    await receivedCount(3);
    expect(received).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  test('another key does not get them, and held events are handed over once', async () => {
    const publisher = await hub();
    await publisher.publish('chat-a', { for: 'a' });
    const other = listen(await hub(), 'chat-b');
    const first = listen(await hub(), 'chat-a');
    await first.receivedCount(1);
    const second = listen(await hub(), 'chat-a');
    await publisher.publish('chat-a', { for: 'a', live: true });
    await second.receivedCount(1);
    await first.receivedCount(2);
    expect(first.received).toEqual([{ for: 'a' }, { for: 'a', live: true }]);
    expect(second.received).toEqual([{ for: 'a', live: true }]);
    expect(other.received).toEqual([]);
  });

  test('held for holdMs at most, and at most holdLimit per key (the oldest go first)', async () => {
    const publisher = await hub({ holdMs: 30_000, holdLimit: 3 });
    for (let n = 1; n <= 5; n += 1) await publisher.publish('chat-1', { n });
    const redis = new Redis(REDIS_URL);
    try {
      const key = `${prefix}webhook-held:{chat-1}`;
      expect(await redis.llen(key)).toBe(3);
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30_000);
    } finally {
      await redis.quit();
    }
    const { received, receivedCount } = listen(await hub(), 'chat-1');
    await receivedCount(3);
    expect(received).toEqual([{ n: 3 }, { n: 4 }, { n: 5 }]);
  });

  test('a listener whose connection to Redis was cut gets, once back, what was published while it was away', async () => {
    const proxy = await FreezableProxy.start(Number(new URL(REDIS_URL).port || 6379), new URL(REDIS_URL).hostname);
    const admin = new Redis(REDIS_URL);
    try {
      const receiver = await createRedisWebhookHub({ url: proxy.url, channelPrefix: prefix, logger: silentLogger });
      hubs.push(receiver);
      const publisher = await hub();
      const { received, receivedCount } = listen(receiver, 'chat-1');
      await publisher.publish('chat-1', { n: 1 });
      await receivedCount(1);
      proxy.takeDown();
      // Until Redis has noticed, a publish still counts the cut subscriber (and goes nowhere, as it would in production).
      await eventually(async () => ((await admin.pubsub('NUMSUB', `${prefix}webhook:chat-1`)) as [string, number])[1] === 0, 'Redis to drop the subscriber');
      await publisher.publish('chat-1', { n: 2 });
      proxy.up();
      await receivedCount(2);
      expect(received).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await admin.quit();
      proxy.up();
      await Promise.all(hubs.splice(0).map((created) => created.close()));
      await proxy.close();
    }
  });
});
