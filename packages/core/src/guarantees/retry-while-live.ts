import { isServiceDeskError } from '../errors/service-desk-error.js';
import { retry, type RetryOptions } from '../http/retry.js';

/**
 * Runs `operation`, retrying retryable failures (`ServiceDeskError.isRetryable`: timeouts, 429, 5xx, lost
 * connections) with backoff, for as long as the chat is live: once `isEnded()` is true the last error is thrown
 * instead of another try, so an ended chat never keeps talking to the backend. `options` tune the backoff
 * (`retries` defaults to 4 here).
 */
export function retryWhileLive<T>(
  operation: (attempt: number) => Promise<T>,
  isEnded: () => boolean,
  options: Omit<RetryOptions, 'shouldRetry'> = {},
): Promise<T> {
  return retry(operation, {
    retries: 4,
    ...options,
    shouldRetry: (error) => !isEnded() && isServiceDeskError(error) && error.isRetryable,
  });
}
