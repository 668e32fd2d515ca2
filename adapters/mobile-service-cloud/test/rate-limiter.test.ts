import { createMemoryAdapterStore } from '@byosd/core';
import { MSC_RATE_LIMITS } from '../protocol/index.js';
import { type LimiterClock, SlidingWindowRateLimiter } from '../src/index.js';

/** A clock that moves only when a sleeper asks it to: each sleep advances time by exactly what was asked. */
function fakeClock(): LimiterClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

/** When each of `count` requests was let through. */
async function grantTimes(limiter: SlidingWindowRateLimiter, clock: LimiterClock, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await limiter.acquire();
    times.push(clock.now());
  }
  return times;
}

/** The most requests granted in any window of `windowMs` (sliding over the grant times). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let start = 0; start < times.length; start += 1) {
    let end = start;
    while (end < times.length && (times[end] ?? 0) - (times[start] ?? 0) < windowMs) end += 1;
    most = Math.max(most, end - start);
  }
  return most;
}

describe("the client-side limiter of MSC's rate limits", () => {
  it('lets 3 requests through at once, then the 4th one second after the 1st', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter(MSC_RATE_LIMITS, clock);
    expect(await grantTimes(limiter, clock, 7)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
  });

  it('holds 180 a minute: the 181st request waits for the minute of the 1st to pass', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter(MSC_RATE_LIMITS, clock);
    const times = await grantTimes(limiter, clock, 200);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(3);
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(180);
    expect(times[180]).toBe(60_000);
  });

  it('holds 10,000 an hour', async () => {
    const clock = fakeClock();
    // The second and minute windows widened so the hour is the binding one, to keep the test short.
    const limiter = new SlidingWindowRateLimiter(
      [
        { limit: 1000, windowMs: 1000 },
        { limit: 10_000, windowMs: 3_600_000 },
      ],
      clock,
    );
    const times = await grantTimes(limiter, clock, 10_001);
    expect(times[9_999]).toBe(9_000);
    expect(times[10_000]).toBe(3_600_000);
  });

  it('serves waiting callers in call order', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter([{ limit: 1, windowMs: 1000 }], clock);
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.acquire().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    expect(clock.now()).toBe(2000);
  });

  it('needs no wait once the busy second has passed', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter(MSC_RATE_LIMITS, clock);
    await grantTimes(limiter, clock, 3);
    await clock.sleep(1000);
    await limiter.acquire();
    expect(clock.slept).toEqual([1000]);
  });

  it('widens every window by its margin', async () => {
    const clock = fakeClock();
    const limiter = new SlidingWindowRateLimiter(MSC_RATE_LIMITS, clock, { marginMs: 100 });
    expect(await grantTimes(limiter, clock, 5)).toEqual([0, 0, 0, 1100, 1100]);
  });
});

describe("MSC's rate limits counted in a shared store", () => {
  it('holds for two processes together: limiters on one store share the 3 a second and 180 a minute', async () => {
    const clock = fakeClock();
    const store = createMemoryAdapterStore({ now: clock.now });
    const instances = [0, 1].map(() => new SlidingWindowRateLimiter(MSC_RATE_LIMITS, clock, { store, key: 'msc-rate:key' }));
    const times: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      await instances[i % 2]?.acquire();
      times.push(clock.now());
    }
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 1000, 1000, 1000, 2000]);
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(3);
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(180);
    expect(times[180]).toBe(60_000);
  });

  it('fails the request, rather than let it through uncounted, when the store cannot count', async () => {
    const store = { ...createMemoryAdapterStore(), take: () => Promise.reject(new Error('store down')) };
    const limiter = new SlidingWindowRateLimiter(MSC_RATE_LIMITS, fakeClock(), { store });
    await expect(limiter.acquire()).rejects.toThrow('store down');
  });
});
