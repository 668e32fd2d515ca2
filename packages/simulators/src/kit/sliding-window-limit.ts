/**
 * A backend's per-client rate limit: at most `limit` requests in any window of `windowMs`. `take()` counts a request
 * and answers how long the client must wait when it is over the limit (the Retry-After), or 0.
 */
export class SlidingWindowLimit {
  private readonly times: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs = 1000,
  ) {}

  /** Counts a request now; 0 when it is within the limit, else the milliseconds until it would have been. */
  take(now = Date.now()): number {
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) return (this.times[0] ?? now) + this.windowMs - now;
    this.times.push(now);
    return 0;
  }
}
