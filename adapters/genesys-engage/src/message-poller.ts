import { backoffDelay } from '@byosd/core';
import type { ChatMessage } from '../protocol/index.js';
import type { PollingPolicy } from './polling-policy.js';

export interface MessagePollerDeps {
  /** Every message from `index` on. */
  fetch(index: number): Promise<ChatMessage[]>;
  /**
   * Handles one new message; `later` are the new messages after it in the same page. A rejection leaves the
   * message unhandled: the next poll asks again from its index.
   */
  handle(message: ChatMessage, later: readonly ChatMessage[]): Promise<void> | undefined;
  /** After each successful poll, before the next is scheduled (e.g. an occasional check of the chat's state). */
  afterPoll(): Promise<void>;
  /** The index to poll from moved on (persist it). */
  advanced(nextIndex: number): void;
  succeeded(): void;
  failed(error: unknown, consecutiveFailures: number): void;
  policy: PollingPolicy;
  minDelayMs: number;
  maxDelayMs: number;
}

/**
 * Polls one chat's messages with exactly one request in flight: the next poll is scheduled only when the previous
 * one (and the handling of its page) is over. Every poll names its `index` explicitly, the first not yet handled,
 * so a failed poll is retried from the same index (nothing skipped) and a page the server repeats, or a message it
 * sends twice, is dropped by index (nothing repeated). Failures back off with jitter, waiting at least the
 * minimum interval, or exactly as long as a Retry-After says.
 */
export class MessagePoller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight = false;
  private stopped = true;
  private failures = 0;
  private dueAt = 0;
  private lastPollEndedAt = Number.NEGATIVE_INFINITY;
  private index = 0;

  constructor(private readonly deps: MessagePollerDeps) {}

  /** The first index not yet handled. */
  get nextIndex(): number {
    return this.index;
  }

  start(fromIndex: number, firstDelayMs = 0): void {
    this.index = fromIndex;
    this.stopped = false;
    this.schedule(firstDelayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * A sign that the conversation is becoming active (the user typed or sent, came back to the page, resumed the
   * chat): the policy holds the fastest interval, and a waiting poll is brought forward to the minimum interval
   * after the last one. Never a second request in flight (a poll in flight is followed at the fastest interval),
   * and never inside the wait after a failure: a Retry-After, or the backoff that spares a failing GWS, stands.
   */
  wake(): void {
    this.deps.policy.activity();
    if (this.stopped || this.inFlight || this.failures > 0) return;
    const delay = this.deps.policy.wakeDelay(Date.now() - this.lastPollEndedAt);
    if (Date.now() + delay < this.dueAt) this.schedule(delay);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = Date.now() + delayMs;
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  private async poll(): Promise<void> {
    this.timer = undefined;
    if (this.stopped) return;
    this.inFlight = true;
    let delay: number;
    try {
      const page = await this.deps.fetch(this.index);
      this.failures = 0;
      this.deps.succeeded();
      await this.handlePage(page);
      if (!this.stopped) await this.deps.afterPoll();
      delay = this.deps.policy.nextDelay();
    } catch (error) {
      this.failures += 1;
      if (!this.stopped) this.deps.failed(error, this.failures);
      delay = this.failureDelay(error);
    } finally {
      this.inFlight = false;
      this.lastPollEndedAt = Date.now();
    }
    if (!this.stopped) this.schedule(delay);
  }

  private async handlePage(page: readonly ChatMessage[]): Promise<void> {
    // Indices are monotonic per chat: sort what came (a repeated or reordered page) and drop what was handled.
    const fresh = uniqueByIndex(page.filter((message) => message.index >= this.index));
    for (let at = 0; at < fresh.length && !this.stopped; at += 1) {
      const message = fresh[at] as ChatMessage;
      const handling = this.deps.handle(message, fresh.slice(at + 1));
      if (handling) await handling;
      // In the same turn as the report (for a message handled synchronously): what was shown is what is persisted.
      this.index = message.index + 1;
      this.deps.advanced(this.index);
    }
  }

  private failureDelay(error: unknown): number {
    const delay = backoffDelay(this.failures, error, { minDelayMs: this.deps.minDelayMs, maxDelayMs: this.deps.maxDelayMs });
    // A Retry-After is honoured as given; a computed backoff never polls faster than the minimum interval.
    const told = typeof error === 'object' && error !== null && typeof (error as { retryAfterMs?: unknown }).retryAfterMs === 'number';
    return told ? delay : Math.max(this.deps.minDelayMs, delay);
  }
}

function uniqueByIndex(messages: readonly ChatMessage[]): ChatMessage[] {
  const byIndex = new Map<number, ChatMessage>();
  for (const message of messages) if (!byIndex.has(message.index)) byIndex.set(message.index, message);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}
