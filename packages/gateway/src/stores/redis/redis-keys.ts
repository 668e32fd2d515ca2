/**
 * The Redis keys of the gateway. Each key carries its chat (or code) in a `{hash tag}`, so every key of one
 * chat lives in one Redis Cluster slot and multi-key scripts stay possible.
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  chat(chatId: string): string {
    return `${this.prefix}chat:{${chatId}}`;
  }

  events(chatId: string): string {
    return `${this.prefix}events:{${chatId}}`;
  }

  lease(chatId: string): string {
    return `${this.prefix}lease:{${chatId}}`;
  }

  /** The presence of a live instance. */
  instance(instanceId: string): string {
    return `${this.prefix}instance:{${instanceId}}`;
  }

  /** A value an adapter keeps in its `AdapterStore`. */
  adapterData(adapter: string, key: string): string {
    return `${this.prefix}adapter:${adapter}:{${key}}`;
  }

  /** The times of the allowed takes of one rate limit of an adapter (`AdapterStore.take`). */
  adapterRateLimit(adapter: string, key: string): string {
    return `${this.prefix}adapter-rate:${adapter}:{${key}}`;
  }

  shortCode(code: string): string {
    return `${this.prefix}shortcode:{${code}}`;
  }

  /** The attempts one client made at something limited (`scope`), as a token bucket. */
  attempts(scope: string, client: string): string {
    return `${this.prefix}attempts:${scope}:{${client}}`;
  }

  /** The pub/sub channel an instance takes handover requests on. */
  handoverRequests(instanceId: string): string {
    return `${this.prefix}handover:${instanceId}`;
  }

  /** The pub/sub channel the answer to one handover request comes on. */
  handoverAnswer(requestId: string): string {
    return `${this.prefix}handover-answer:${requestId}`;
  }
}
