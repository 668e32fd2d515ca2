import { TokenBucket } from '../security/token-bucket.js';

/** Clients tracked at most; past it the oldest are forgotten (they start afresh). */
const MAX_CLIENTS = 10_000;

/**
 * Limits attempts per client: failed short-code look-ups, so that codes cannot be found by guessing, and short
 * codes created, so that one client cannot fill the store.
 */
export class GuessLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(private readonly perMinute: number) {}

  /** How long `client` must wait before its next look-up, in ms; 0 when it may look up now. */
  retryAfterMs(client: string): number {
    return this.buckets.get(client)?.retryAfterMs ?? 0;
  }

  /** Counts an attempt (a failed look-up, a code created) against `client`. */
  failed(client: string): void {
    let bucket = this.buckets.get(client);
    if (!bucket) {
      if (this.buckets.size >= MAX_CLIENTS) this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = new TokenBucket(this.perMinute / 60, this.perMinute);
      this.buckets.set(client, bucket);
    }
    bucket.take();
  }
}
