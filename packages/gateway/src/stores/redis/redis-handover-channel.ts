import { randomUUID } from 'node:crypto';
import type { Logger } from '@byosd/core';
import type { Redis } from 'ioredis';
import * as z from 'zod/mini';
import { HANDOVER_ANSWERS, type HandoverAnswer, type HandoverChannel, type HandoverHandler } from '../handover-channel.js';
import { reportRedisErrors } from './redis-errors.js';
import type { RedisKeys } from './redis-keys.js';

const requestSchema = z.object({
  requestId: z.string().check(z.minLength(1), z.maxLength(100)),
  chatId: z.string().check(z.minLength(1), z.maxLength(200)),
  requester: z.string().check(z.minLength(1), z.maxLength(200)),
});
const answerSchema = z.object({ answer: z.enum(HANDOVER_ANSWERS as [HandoverAnswer, ...HandoverAnswer[]]) });

/**
 * Handover requests over Redis pub/sub: an instance listens on a channel named after its id; a request carries a
 * fresh id, and its answer comes on a channel named after that id, to which the requester subscribed first.
 * Channels carry the key prefix, so gateways on one Redis under different prefixes never hear one another.
 */
export class RedisHandoverChannel implements HandoverChannel {
  /** The subscriber connection (a subscribed connection can run no other command), opened on first use. */
  private subscriber: Redis | undefined;
  private readonly handlers = new Map<string, HandoverHandler>();
  private readonly waiting = new Map<string, (answer: HandoverAnswer) => void>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly logger?: Logger,
  ) {}

  async serve(instanceId: string, handler: HandoverHandler): Promise<() => Promise<void>> {
    const channel = this.keys.handoverRequests(instanceId);
    this.handlers.set(channel, handler);
    await this.connection().subscribe(channel);
    return async () => {
      this.handlers.delete(channel);
      // Not waited for (a shutdown must not wait for a Redis that is gone): no request reaches the handler any more.
      this.subscriber?.unsubscribe(channel).catch((error: unknown) => this.logger?.warn({ err: error }, 'Unsubscribing from handover requests failed'));
    };
  }

  async request(owner: string, chatId: string, requester: string, timeoutMs: number): Promise<HandoverAnswer | undefined> {
    const requestId = randomUUID();
    const answerChannel = this.keys.handoverAnswer(requestId);
    const subscriber = this.connection();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = new Promise<HandoverAnswer | undefined>((resolve) => {
      this.waiting.set(answerChannel, resolve);
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      await subscriber.subscribe(answerChannel);
      const listeners = await this.redis.publish(this.keys.handoverRequests(owner), JSON.stringify({ requestId, chatId, requester }));
      return listeners === 0 ? undefined : await answered;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(answerChannel);
      subscriber.unsubscribe(answerChannel).catch((error: unknown) => this.logger?.warn({ err: error }, 'Unsubscribing from a handover answer failed'));
    }
  }

  /** Closes the subscriber connection (the stores close the one they were given); it has nothing to send first. */
  close(): void {
    this.subscriber?.disconnect();
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    // Resubscribes by itself after a reconnect (ioredis' autoResubscribe).
    const subscriber = this.redis.duplicate();
    reportRedisErrors(subscriber, this.logger, 'handover subscriber');
    subscriber.on('message', (channel: string, message: string) => this.received(channel, message));
    this.subscriber = subscriber;
    return subscriber;
  }

  private received(channel: string, message: string): void {
    const waiter = this.waiting.get(channel);
    if (waiter) {
      const answer = z.safeParse(answerSchema, parseJson(message));
      if (answer.success) waiter(answer.data.answer);
      else this.logger?.warn({ channel }, 'Dropped a handover answer that is not one');
      return;
    }
    const handler = this.handlers.get(channel);
    if (!handler) return;
    const request = z.safeParse(requestSchema, parseJson(message));
    if (!request.success) {
      this.logger?.warn({ channel, issues: request.error.issues.length }, 'Dropped a handover request that is not one');
      return;
    }
    const { requestId, chatId, requester } = request.data;
    void handler(chatId, requester)
      .catch((error: unknown): HandoverAnswer => {
        this.logger?.error({ chatId, err: error }, 'Handing a chat over failed');
        return 'busy';
      })
      .then((answer) => this.redis.publish(this.keys.handoverAnswer(requestId), JSON.stringify({ answer })))
      .catch((error: unknown) => this.logger?.warn({ chatId, err: error }, 'Answering a handover request failed'));
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
