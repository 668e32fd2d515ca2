import { ErrorCode, ServiceDeskError } from '@byosd/core';
import fc from 'fast-check';
import type { ChatMessage } from '../protocol/index.js';
import { MessagePoller } from '../src/message-poller.js';
import { PollingPolicy } from '../src/polling-policy.js';

const SETTINGS = { minPollIntervalMs: 500, maxPollIntervalMs: 10_000, backoffMultiplier: 2, activeHoldMs: 8000, typingHoldMs: 30_000, pollJitter: 0 };

const text = (index: number): ChatMessage => ({
  index,
  type: 'Text',
  text: `message ${index}`,
  from: { nickname: 'Ada', participantId: 'ada', type: 'Agent' },
});

/**
 * A poller over a scripted GWS: each fetch takes the next scripted answer (a page, or an error to throw). Timers
 * are jest's fake ones, so the test reads the delays the poller chose.
 */
function scriptedPoller(script: Array<ChatMessage[] | Error>) {
  const asked: Array<{ index: number; at: number }> = [];
  const handled: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const poller = new MessagePoller({
    fetch: async (index) => {
      asked.push({ index, at: Date.now() });
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await Promise.resolve();
      inFlight -= 1;
      const answer = script.shift() ?? [];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    handle: (message) => {
      handled.push(message.index);
      return undefined;
    },
    afterPoll: async () => undefined,
    advanced: () => undefined,
    succeeded: () => undefined,
    failed: () => undefined,
    policy: new PollingPolicy(SETTINGS, () => 0.5),
    minDelayMs: SETTINGS.minPollIntervalMs,
    maxDelayMs: SETTINGS.maxPollIntervalMs,
  });
  return { poller, asked, handled, maxInFlight: () => maxInFlight };
}

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

test('a failed poll is asked again from the same index; a repeated page repeats nothing', async () => {
  const unavailable = new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'GWS answered 503', { status: 503 });
  const { poller, asked, handled, maxInFlight } = scriptedPoller([[text(1), text(2)], unavailable, [text(1), text(2), text(3)], [text(3), text(4)]]);
  poller.start(0);
  await jest.advanceTimersByTimeAsync(30_000);
  poller.stop();
  expect(handled).toEqual([1, 2, 3, 4]);
  expect(asked.slice(0, 4).map((poll) => poll.index)).toEqual([0, 3, 3, 4]);
  expect(maxInFlight()).toBe(1);
});

test('a Retry-After is waited out exactly, even beyond the maximum interval', async () => {
  const limited = new ServiceDeskError(ErrorCode.RATE_LIMITED, 'GWS answered 429', { status: 429, retryAfterMs: 12_000 });
  const { poller, asked } = scriptedPoller([limited, [text(1)]]);
  poller.start(0);
  await jest.advanceTimersByTimeAsync(13_000);
  poller.stop();
  expect(asked[1]!.at - asked[0]!.at).toBe(12_000);
  expect(asked[1]!.index).toBe(0);
});

test('a failure without Retry-After backs off no faster than the minimum interval, no slower than the maximum', async () => {
  const down = () => new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'GWS could not be reached');
  const { poller, asked } = scriptedPoller(Array.from({ length: 12 }, down));
  poller.start(0);
  await jest.advanceTimersByTimeAsync(120_000);
  poller.stop();
  const gaps = asked.slice(1, 12).map((poll, i) => poll.at - asked[i]!.at);
  for (const gap of gaps) {
    expect(gap).toBeGreaterThanOrEqual(500);
    expect(gap).toBeLessThanOrEqual(10_000);
  }
  expect(new Set(asked.slice(0, 12).map((poll) => poll.index))).toEqual(new Set([0]));
});

test('a wake brings a waiting poll forward, never a second one in flight; stop ends polling', async () => {
  const { poller, asked, maxInFlight } = scriptedPoller([]);
  poller.start(0);
  await jest.advanceTimersByTimeAsync(20_000); // backed off towards 10 s
  const before = asked.length;
  poller.wake();
  await jest.advanceTimersByTimeAsync(0); // the minimum interval has long passed: at once
  expect(asked.length).toBe(before + 1);
  await jest.advanceTimersByTimeAsync(500); // and then at the fastest, as the policy holds it
  expect(asked.length).toBe(before + 2);
  poller.stop();
  await jest.advanceTimersByTimeAsync(60_000);
  expect(asked.length).toBe(before + 2);
  expect(maxInFlight()).toBe(1);
});

test('a wake does not cut short a Retry-After', async () => {
  const limited = new ServiceDeskError(ErrorCode.RATE_LIMITED, 'GWS answered 429', { status: 429, retryAfterMs: 5000 });
  const { poller, asked } = scriptedPoller([limited]);
  poller.start(0);
  await jest.advanceTimersByTimeAsync(1000);
  poller.wake();
  await jest.advanceTimersByTimeAsync(3000);
  expect(asked.length).toBe(1);
  await jest.advanceTimersByTimeAsync(1000);
  expect(asked.map((poll) => poll.at)).toEqual([0, 5000]);
  poller.stop();
});

/** One scripted answer of GWS: a page with a new message, an empty page, a failure, or a 429 with Retry-After. */
type Answer = { kind: 'page' | 'empty' | 'down'; latencyMs: number } | { kind: 'limited'; latencyMs: number; retryAfterMs: number };

const answerArbitrary: fc.Arbitrary<Answer> = fc.oneof(
  fc.record({ kind: fc.constantFrom('page' as const, 'empty' as const, 'down' as const), latencyMs: fc.integer({ min: 0, max: 3000 }) }),
  fc.record({ kind: fc.constant('limited' as const), latencyMs: fc.integer({ min: 0, max: 3000 }), retryAfterMs: fc.integer({ min: 1, max: 30_000 }) }),
);

test('for any answers and any wakes: one poll in flight, gaps within the bounds, every Retry-After waited out exactly', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(answerArbitrary, { minLength: 1, maxLength: 25 }),
      fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 40 }),
      fc.double({ min: 0, max: 0.999999, noNaN: true }),
      async (answers, wakeTimes, draw) => {
        jest.useFakeTimers({ now: 0 });
        const polls: Array<{ startedAt: number; endedAt: number; answer: Answer | undefined }> = [];
        let inFlight = 0;
        let maxInFlight = 0;
        let nextMessage = 1;
        const poller = new MessagePoller({
          fetch: async () => {
            const answer = answers[polls.length];
            const poll = { startedAt: Date.now(), endedAt: Number.NaN, answer };
            polls.push(poll);
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await new Promise((resolve) => setTimeout(resolve, answer?.latencyMs ?? 0));
            inFlight -= 1;
            poll.endedAt = Date.now();
            if (answer?.kind === 'down') throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'GWS answered 503', { status: 503 });
            if (answer?.kind === 'limited')
              throw new ServiceDeskError(ErrorCode.RATE_LIMITED, 'GWS answered 429', { status: 429, retryAfterMs: answer.retryAfterMs });
            return answer?.kind === 'page' ? [text(nextMessage++)] : [];
          },
          handle: () => undefined,
          afterPoll: async () => undefined,
          advanced: () => undefined,
          succeeded: () => undefined,
          failed: () => undefined,
          policy: new PollingPolicy({ ...SETTINGS, pollJitter: 0.2 }, () => draw),
          minDelayMs: SETTINGS.minPollIntervalMs,
          maxDelayMs: SETTINGS.maxPollIntervalMs,
        });
        for (const at of wakeTimes) setTimeout(() => poller.wake(), at);
        poller.start(0);
        await jest.advanceTimersByTimeAsync(130_000);
        poller.stop();
        jest.useRealTimers();
        if (maxInFlight !== 1) return false;
        return polls.slice(1).every((poll, i) => {
          const previous = polls[i]!;
          const gap = poll.startedAt - previous.endedAt;
          if (previous.answer?.kind === 'limited') return gap === previous.answer.retryAfterMs;
          return gap >= SETTINGS.minPollIntervalMs && gap <= SETTINGS.maxPollIntervalMs;
        });
      },
    ),
    { numRuns: 60 },
  );
});
