import { TokenBucket } from '../../security/token-bucket.js';
import type { AttemptLimit, AttemptLimitStore } from '../attempt-limit-store.js';

/** Clients tracked at most; past it the oldest are forgotten (they start afresh). */
const MAX_CLIENTS = 10_000;

/** Attempt limits in this process's memory: a token bucket per scope and client. */
export class MemoryAttemptLimitStore implements AttemptLimitStore {
  private readonly buckets = new Map<string, TokenBucket>();

  async retryAfterMs(limit: AttemptLimit, client: string): Promise<number> {
    return this.buckets.get(bucketKey(limit, client))?.retryAfterMs ?? 0;
  }

  async take(limit: AttemptLimit, client: string): Promise<number> {
    const key = bucketKey(limit, client);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_CLIENTS) this.buckets.delete(this.buckets.keys().next().value as string);
      bucket = new TokenBucket(limit.perMinute / 60, limit.perMinute);
      this.buckets.set(key, bucket);
    }
    return bucket.take() ? 0 : bucket.retryAfterMs;
  }
}

function bucketKey(limit: AttemptLimit, client: string): string {
  return `${limit.scope}\n${client}`;
}
