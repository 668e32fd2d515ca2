import { randomUUID } from 'node:crypto';
import type { AdapterStore, RateLimit, RateLimitDecision } from '@byosd/core';
import { type GatewayStores, storeTestSuite } from '@byosd/gateway';
import { createTestRedisStores } from './helpers/redis.js';

storeTestSuite({ describe, test }, 'redis', createTestRedisStores);

describe('adapter store rate limits on the real Redis, shared by two gateway instances', () => {
  const prefix = `byosd-test:${randomUUID()}:`;
  let instances: GatewayStores[] = [];
  let stores: AdapterStore[] = [];

  beforeEach(async () => {
    instances = [await createTestRedisStores(prefix), await createTestRedisStores(prefix)];
    stores = instances.map((instance) => {
      if (!instance.adapterStore) throw new Error('the Redis stores have no adapter store');
      return instance.adapterStore('mobile-service-cloud');
    });
  });

  afterEach(async () => {
    for (const instance of instances) await instance.close();
  });

  /** `count` takes at once, alternating between the two instances. */
  function takeFromBoth(key: string, limits: RateLimit[], count: number): Promise<RateLimitDecision[]> {
    return Promise.all(Array.from({ length: count }, (_, i) => stores[i % 2]!.take(key, limits)));
  }

  it('allows 3 takes in the window between both instances together, however the takes are spread', async () => {
    // A window no test outlives, so the count cannot depend on how fast the takes reach Redis.
    const decisions = await takeFromBoth('three', [{ windowMs: 600_000, max: 3 }], 20);
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(3);
    for (const decision of decisions.filter(({ allowed }) => !allowed)) {
      expect(decision.retryAfterMs).toBeGreaterThan(0);
      expect(decision.retryAfterMs).toBeLessThanOrEqual(600_000);
    }
  });

  it('holds the longer window too once the short one has slid: 3 a moment, but never more than 9 in all', async () => {
    // MSC's shape (3 a second, 180 a minute) scaled down: 3 per 20 ms, 9 per 10 minutes. The instances take
    // whenever the short window lets them, until refused by the long one; the test never outlives it.
    const limits: RateLimit[] = [
      { windowMs: 20, max: 3 },
      { windowMs: 600_000, max: 9 },
    ];
    let allowed = 0;
    let refusedByLongWindow = 0;
    for (let attempt = 0; refusedByLongWindow < 4 && attempt < 100_000; attempt += 1) {
      const decision = await stores[attempt % 2]!.take('nine', limits);
      if (decision.allowed) allowed += 1;
      else if (decision.retryAfterMs > 20) refusedByLongWindow += 1;
    }
    expect(refusedByLongWindow).toBe(4);
    expect(allowed).toBe(9);
  });

  it('keeps rate limits apart per adapter and per key', async () => {
    const one: RateLimit[] = [{ windowMs: 600_000, max: 1 }];
    const other = instances[1]!.adapterStore!('another-adapter');
    expect((await stores[0]!.take('k', one)).allowed).toBe(true);
    expect((await stores[1]!.take('k', one)).allowed).toBe(false);
    expect((await stores[1]!.take('k2', one)).allowed).toBe(true);
    expect((await other.take('k', one)).allowed).toBe(true);
  });
});
