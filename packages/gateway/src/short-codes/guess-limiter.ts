import type { AttemptLimit, AttemptLimitStore } from '../stores/attempt-limit-store.js';

/**
 * Limits attempts per client: failed short-code look-ups, so that codes cannot be found by guessing, and short
 * codes created, so that one client cannot fill the store. Counted in the stores, so the limit holds across the
 * cluster (Redis) and not per instance.
 */
export class GuessLimiter {
  private readonly limit: AttemptLimit;

  constructor(
    private readonly store: AttemptLimitStore,
    scope: string,
    perMinute: number,
  ) {
    this.limit = { scope, perMinute };
  }

  /** How long `client` must wait before its next attempt, in ms; 0 when it may try now. */
  retryAfterMs(client: string): Promise<number> {
    return this.store.retryAfterMs(this.limit, client);
  }

  /** Counts an attempt by `client` if it has one left (resolves 0); else resolves how long it must wait, in ms. */
  take(client: string): Promise<number> {
    return this.store.take(this.limit, client);
  }
}
