import { PollingPolicy, type PollingSettings } from '../src/index.js';

const SETTINGS: PollingSettings = {
  minPollIntervalMs: 500,
  maxPollIntervalMs: 10_000,
  backoffMultiplier: 2,
  activeHoldMs: 8000,
  typingHoldMs: 30_000,
  pollJitter: 0,
};

function policyAt(settings: Partial<PollingSettings> = {}, random = () => 0.5) {
  const clock = { now: 0 };
  const policy = new PollingPolicy({ ...SETTINGS, ...settings }, random, () => clock.now);
  /** The next delay, with the clock moved on by it, as the poller would. */
  const next = () => {
    const delay = policy.nextDelay();
    clock.now += delay;
    return delay;
  };
  return { policy, clock, next };
}

describe('PollingPolicy', () => {
  test('idle: backs off by the multiplier up to the maximum', () => {
    const { next } = policyAt();
    expect(Array.from({ length: 7 }, next)).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  test('after the agent writes: the minimum for activeHoldMs, then backing off again', () => {
    const { policy, next } = policyAt();
    policy.activity();
    const delays = Array.from({ length: 20 }, next);
    expect(delays.slice(0, 16)).toEqual(Array(16).fill(500));
    expect(delays.slice(16, 20)).toEqual([1000, 2000, 4000, 8000]);
  });

  test('while the agent types: the minimum, until TypingStopped or typingHoldMs', () => {
    const { policy, clock, next } = policyAt({ activeHoldMs: 1000 });
    policy.agentTyping(true);
    clock.now += 5000;
    expect(next()).toBe(500);
    policy.agentTyping(false);
    clock.now += 1000;
    expect(next()).toBe(1000);
    policy.agentTyping(true);
    clock.now += 31_000;
    expect(next()).toBe(1000);
  });

  test('a participant change restarts the backoff from the minimum without holding it', () => {
    const { policy, next } = policyAt();
    Array.from({ length: 6 }, next);
    policy.restartBackoff();
    expect(Array.from({ length: 4 }, next)).toEqual([500, 1000, 2000, 4000]);
  });

  test('jitter spreads intervals by the factor and never leaves the bounds', () => {
    for (const random of [0, 0.25, 0.999]) {
      const { policy, next } = policyAt({ pollJitter: 0.5 }, () => random);
      policy.activity();
      const active = next();
      expect(active).toBeGreaterThanOrEqual(500);
      expect(active).toBeLessThanOrEqual(750);
      const { next: idle } = policyAt({ pollJitter: 0.5 }, () => random);
      const delays = Array.from({ length: 10 }, idle);
      for (const delay of delays) {
        expect(delay).toBeGreaterThanOrEqual(500);
        expect(delay).toBeLessThanOrEqual(10_000);
      }
    }
    const low = policyAt({ pollJitter: 0.2 }, () => 0).next();
    const high = policyAt({ pollJitter: 0.2 }, () => 0.999).next();
    expect([low, high]).toEqual([800, 1200]);
  });
});
