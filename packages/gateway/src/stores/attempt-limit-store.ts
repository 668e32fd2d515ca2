/** A limit on one kind of attempt per client: `perMinute` on average, and as many at once (a token bucket). */
export interface AttemptLimit {
  /** What is limited, e.g. `shortcode-guess`; each scope counts on its own. */
  scope: string;
  perMinute: number;
}

/**
 * Counts clients' attempts at something limited (short-code guesses, codes created). Shared by every instance on
 * the same stores, so a client spreading its attempts over the instances of a cluster gets no more.
 */
export interface AttemptLimitStore {
  /** How long `client` must wait before its next attempt, in ms; 0 when it may try now. */
  retryAfterMs(limit: AttemptLimit, client: string): Promise<number>;
  /** Counts an attempt by `client` if it has one left (then resolves 0); else resolves how long it must wait, in ms. */
  take(limit: AttemptLimit, client: string): Promise<number>;
}
