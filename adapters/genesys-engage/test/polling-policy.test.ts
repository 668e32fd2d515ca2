import fc from 'fast-check';
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

  test('an agent leaving restarts the backoff from the minimum without holding it', () => {
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

  test('a wake polls at once when the minimum interval has passed since the last poll, else when it has', () => {
    const { policy } = policyAt();
    expect([policy.wakeDelay(Number.POSITIVE_INFINITY), policy.wakeDelay(9000), policy.wakeDelay(500), policy.wakeDelay(200), policy.wakeDelay(0)]).toEqual([
      0, 0, 0, 300, 500,
    ]);
  });
});

/** Any settings the options schema accepts. */
const settingsArbitrary: fc.Arbitrary<PollingSettings> = fc
  .record({
    minPollIntervalMs: fc.integer({ min: 1, max: 5000 }),
    span: fc.integer({ min: 0, max: 60_000 }),
    backoffMultiplier: fc.double({ min: 1, max: 4, noNaN: true }),
    activeHoldMs: fc.integer({ min: 0, max: 30_000 }),
    typingHoldMs: fc.integer({ min: 0, max: 60_000 }),
    pollJitter: fc.double({ min: 0, max: 0.5, noNaN: true }),
  })
  .map(({ span, ...settings }) => ({ ...settings, maxPollIntervalMs: settings.minPollIntervalMs + span }));

/** Whatever can happen to a chat between two polls. */
const eventArbitrary = fc.oneof(
  fc.constant({ kind: 'activity' as const }),
  fc.boolean().map((isTyping) => ({ kind: 'agentTyping' as const, isTyping })),
  fc.constant({ kind: 'agentLeft' as const }),
  fc.integer({ min: 0, max: 120_000 }).map((ms) => ({ kind: 'time' as const, ms })),
  fc.constant({ kind: 'poll' as const }),
);

describe('PollingPolicy, for any settings and any course of a chat', () => {
  test('every interval stays within [minPollIntervalMs, maxPollIntervalMs], and a wake never polls sooner than the minimum', () => {
    fc.assert(
      fc.property(
        settingsArbitrary,
        fc.array(eventArbitrary, { maxLength: 60 }),
        fc.infiniteStream(fc.double({ min: 0, max: 0.999999, noNaN: true })),
        (settings, events, draws) => {
          const clock = { now: 0 };
          const policy = new PollingPolicy(
            settings,
            () => draws.next().value as number,
            () => clock.now,
          );
          for (const event of events) {
            if (event.kind === 'activity') policy.activity();
            if (event.kind === 'agentTyping') policy.agentTyping(event.isTyping);
            if (event.kind === 'agentLeft') policy.restartBackoff();
            if (event.kind === 'time') clock.now += event.ms;
            if (event.kind === 'poll') {
              const delay = policy.nextDelay();
              if (delay < settings.minPollIntervalMs || delay > settings.maxPollIntervalMs) return false;
              clock.now += delay;
            }
            const since = event.kind === 'time' ? event.ms : 0;
            const wake = policy.wakeDelay(since);
            if (wake < 0 || wake > settings.minPollIntervalMs || since + wake < settings.minPollIntervalMs) return false;
          }
          return true;
        },
      ),
    );
  });

  test('within activeHoldMs of a sign of activity, the interval is the minimum (jittered upwards at most)', () => {
    fc.assert(
      fc.property(settingsArbitrary, fc.array(eventArbitrary, { maxLength: 30 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (settings, before, share) => {
        fc.pre(settings.activeHoldMs > 0);
        const after = Math.floor(share * settings.activeHoldMs);
        const clock = { now: 0 };
        const policy = new PollingPolicy(
          settings,
          () => 0.999999,
          () => clock.now,
        );
        for (const event of before) {
          if (event.kind === 'time') clock.now += event.ms;
          if (event.kind === 'poll') clock.now += policy.nextDelay();
          if (event.kind === 'agentLeft') policy.restartBackoff();
        }
        policy.activity();
        clock.now += after;
        const ceiling = Math.min(settings.maxPollIntervalMs, Math.round(settings.minPollIntervalMs * (1 + settings.pollJitter)));
        return policy.nextDelay() <= ceiling;
      }),
    );
  });
});
