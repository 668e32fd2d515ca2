import { createFaultyDelivery, createSeededRandom, FaultInjector, httpFaultResponse } from '../src/index.js';

/** Delivers `count` numbered events through a faulty delivery seeded with `seed`, and returns what arrived. */
function deliver(seed: number, count: number): number[] {
  const injector = new FaultInjector(seed);
  injector.setDelivery({ duplicateRate: 0.2, reorderRate: 0.2 });
  const arrived: number[] = [];
  const delivery = createFaultyDelivery<number>((frame) => arrived.push(frame), injector);
  for (let frame = 1; frame <= count; frame += 1) delivery.event(frame);
  jest.runOnlyPendingTimers(); // The last held-back event goes out when its hold-back limit passes.
  return arrived;
}

describe('seeded faults', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('gives the same random sequence for the same seed, and another for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createSeededRandom(seed).next);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('replays duplicated and reordered deliveries exactly from the seed, losing nothing', () => {
    const first = deliver(42, 200);
    expect(deliver(42, 200)).toEqual(first);
    expect(deliver(43, 200)).not.toEqual(first);
    expect(new Set(first).size).toBe(200);
    expect(first.length).toBeGreaterThan(200);
    expect(first).not.toEqual([...first].sort((a, b) => a - b));
  });

  it('delays every delivery by the configured latency, keeping the order', () => {
    const injector = new FaultInjector(1);
    injector.setDelivery({ latencyMs: 100 });
    const arrived: string[] = [];
    const delivery = createFaultyDelivery<string>((frame) => arrived.push(frame), injector);
    delivery.event('agent-joined');
    delivery.reply('reply');
    jest.advanceTimersByTime(99);
    expect(arrived).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(arrived).toEqual(['agent-joined', 'reply']);
  });

  it('queues request faults per operation, in order, and forgets them on reset', () => {
    const injector = new FaultInjector(1);
    injector.failNext('send', { type: 'unavailable' }, 2);
    injector.failNext('send', { type: 'no-reply' });
    expect([injector.take('send'), injector.take('send'), injector.take('send'), injector.take('send')]).toEqual([
      { type: 'unavailable' },
      { type: 'unavailable' },
      { type: 'no-reply' },
      undefined,
    ]);
    injector.failNext('start', { type: 'unavailable' });
    injector.reset();
    expect(injector.take('start')).toBeUndefined();
  });

  it('answers HTTP faults as a 5xx, or 429 with Retry-After in whole seconds', () => {
    expect(httpFaultResponse({ type: 'unavailable' })?.status).toBe(503);
    expect(httpFaultResponse({ type: 'rate-limited', retryAfterMs: 1500 })).toMatchObject({ status: 429, headers: { 'retry-after': '2' } });
    expect(httpFaultResponse({ type: 'no-reply' })).toBeUndefined();
  });
});
