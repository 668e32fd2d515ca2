import { isServiceDeskError } from '../errors/service-desk-error.js';

/** How `retry` retries. */
export interface RetryOptions {
  /** Tries after the first. Default 5. */
  retries?: number;
  /** The base delay, doubled per attempt. Default 200 ms. */
  minDelayMs?: number;
  /** The cap on any one computed delay. Default 10 000 ms. */
  maxDelayMs?: number;
  /** The cap on a server's Retry-After; a longer one fails at once rather than hang the caller. Default 60 000 ms. */
  maxRetryAfterMs?: number;
  /** Whether `error` is worth another try. Default: a `ServiceDeskError` with `isRetryable`. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Told before each wait. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** Stops waiting and rethrows the last error when aborted. */
  signal?: AbortSignal;
  /** In [0, 1). Default Math.random: jitter needs no cryptographic strength. */
  random?: () => number;
  /** Waits between attempts. Default {@link sleep}. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * The delay before retry number `attempt` (1-based): the server's Retry-After when the error carries one,
 * otherwise "full jitter" exponential backoff, a uniform draw in [0, min(max, min * 2^(attempt-1))).
 */
export function backoffDelay(attempt: number, error: unknown, options: Pick<RetryOptions, 'minDelayMs' | 'maxDelayMs' | 'random'> = {}): number {
  if (isServiceDeskError(error) && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const min = options.minDelayMs ?? 200;
  const max = options.maxDelayMs ?? 10_000;
  const ceiling = Math.min(max, min * 2 ** (attempt - 1));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

/** Resolves after `ms` milliseconds; rejects when `signal` aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `operation` until it succeeds, retrying retryable failures with backoff (see `backoffDelay`). */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = options.retries ?? 5;
  const shouldRetry = options.shouldRetry ?? ((error: unknown) => isServiceDeskError(error) && error.isRetryable);
  const wait = options.sleep ?? sleep;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= retries || !shouldRetry(error, attempt + 1) || options.signal?.aborted) throw error;
      const delay = backoffDelay(attempt + 1, error, options);
      if (delay > (options.maxRetryAfterMs ?? 60_000)) throw error;
      options.onRetry?.(error, attempt + 1, delay);
      try {
        await wait(delay, options.signal);
      } catch {
        throw error;
      }
    }
  }
}
