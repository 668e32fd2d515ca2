import fc from 'fast-check';
import { backoffDelay, ErrorCode, parseRetryAfter, retry, ServiceDeskError } from '@byosd/core';

const retryable = new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'down');
const noWait = () => Promise.resolve();

describe('retry', () => {
  test('full jitter: each delay is uniform below min(max, min * 2^(attempt-1))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, draw) => {
        const delay = backoffDelay(attempt, retryable, { minDelayMs: 100, maxDelayMs: 5000, random: () => draw });
        const ceiling = Math.min(5000, 100 * 2 ** (attempt - 1));
        return delay >= 0 && delay < ceiling && delay === Math.floor(draw * ceiling);
      }),
    );
  });

  test('honours the Retry-After the backend sent', () => {
    const limited = new ServiceDeskError(ErrorCode.RATE_LIMITED, 'slow down', { retryAfterMs: 3000 });
    expect(backoffDelay(1, limited, { random: () => 0 })).toBe(3000);
  });

  test('retries retryable failures until success, waiting the computed delays', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 4) throw retryable;
        return 'done';
      },
      { minDelayMs: 10, random: () => 0.5, sleep: async (ms) => void waits.push(ms) },
    );
    expect(result).toBe('done');
    expect(waits).toEqual([5, 10, 20]);
  });

  test('does not retry what is not retryable', async () => {
    let calls = 0;
    const rejected = new ServiceDeskError(ErrorCode.BACKEND_REJECTED, 'no');
    await expect(
      retry(
        async () => {
          calls += 1;
          throw rejected;
        },
        { sleep: noWait },
      ),
    ).rejects.toBe(rejected);
    expect(calls).toBe(1);
  });

  test('gives up after the configured retries with the last error', async () => {
    let calls = 0;
    await expect(
      retry(
        async () => {
          calls += 1;
          throw retryable;
        },
        { retries: 2, sleep: noWait },
      ),
    ).rejects.toBe(retryable);
    expect(calls).toBe(3);
  });

  test('fails at once rather than wait longer than maxRetryAfterMs', async () => {
    const limited = new ServiceDeskError(ErrorCode.RATE_LIMITED, 'come back tomorrow', { retryAfterMs: 86_400_000 });
    await expect(retry(() => Promise.reject(limited), { sleep: noWait })).rejects.toBe(limited);
  });

  test('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const pending = retry(() => Promise.reject(retryable), { minDelayMs: 60_000, random: () => 0.99, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBe(retryable);
  });
});

describe('parseRetryAfter', () => {
  test('reads delta-seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
