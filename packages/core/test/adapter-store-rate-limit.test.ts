import { createMemoryAdapterStore, type RateLimit } from '@byosd/core';

const PER_SECOND_AND_MINUTE: RateLimit[] = [
  { windowMs: 1_000, max: 3 },
  { windowMs: 60_000, max: 180 },
];

/** A memory store on a clock that moves only when the test moves it. */
function storeOnFakeClock() {
  const clock = { now: 0 };
  return { clock, store: createMemoryAdapterStore({ now: () => clock.now }) };
}

describe('the memory adapter store rate limit (take)', () => {
  it('allows 3 takes in a second, refuses the 4th until the 1st has left the window', async () => {
    const { clock, store } = storeOnFakeClock();
    for (let i = 0; i < 3; i += 1) {
      expect(await store.take('presence', PER_SECOND_AND_MINUTE)).toEqual({ allowed: true, retryAfterMs: 0 });
      clock.now += 100;
    }
    expect(await store.take('presence', PER_SECOND_AND_MINUTE)).toEqual({ allowed: false, retryAfterMs: 700 });
    clock.now = 999;
    expect(await store.take('presence', PER_SECOND_AND_MINUTE)).toEqual({ allowed: false, retryAfterMs: 1 });
    clock.now = 1000;
    expect(await store.take('presence', PER_SECOND_AND_MINUTE)).toEqual({ allowed: true, retryAfterMs: 0 });
  });

  it('holds 180 a minute: taking whenever told, the 181st take waits for the minute of the 1st to pass', async () => {
    const { clock, store } = storeOnFakeClock();
    const allowedAt: number[] = [];
    while (allowedAt.length < 181) {
      const decision = await store.take('presence', PER_SECOND_AND_MINUTE);
      if (decision.allowed) allowedAt.push(clock.now);
      else clock.now += decision.retryAfterMs;
    }
    expect(allowedAt.slice(0, 4)).toEqual([0, 0, 0, 1000]);
    expect(allowedAt[179]).toBe(59_000);
    expect(allowedAt[180]).toBe(60_000);
  });

  it('counts nothing for a refused take', async () => {
    const { clock, store } = storeOnFakeClock();
    const one: RateLimit[] = [{ windowMs: 1_000, max: 1 }];
    await store.take('k', one);
    for (let i = 0; i < 5; i += 1) expect((await store.take('k', one)).allowed).toBe(false);
    clock.now = 1_000;
    expect((await store.take('k', one)).allowed).toBe(true);
  });

  it('keeps rate-limit keys apart from each other and from values', async () => {
    const { store } = storeOnFakeClock();
    const one: RateLimit[] = [{ windowMs: 1_000, max: 1 }];
    await store.set('k', 'a value');
    expect((await store.take('k', one)).allowed).toBe(true);
    expect((await store.take('other', one)).allowed).toBe(true);
    expect((await store.take('k', one)).allowed).toBe(false);
    expect(await store.get('k')).toBe('a value');
  });

  it('names the bad field of invalid limits', async () => {
    const { store } = storeOnFakeClock();
    await expect(store.take('k', [])).rejects.toThrow('limits must name at least one window');
    await expect(store.take('k', [{ windowMs: 1_000, max: 0 }])).rejects.toThrow('limits[0].max must be a positive integer, got 0');
    await expect(
      store.take('k', [
        { windowMs: 1_000, max: 1 },
        { windowMs: 0.5, max: 1 },
      ]),
    ).rejects.toThrow('limits[1].windowMs must be a positive integer');
  });
});
