import { ErrorCode } from '../errors/error-codes.js';
import { ServiceDeskError } from '../errors/service-desk-error.js';
import type { Logger } from '../util/logger.js';
import type { ChatEvent, ChatEventBody } from './chat-event.js';

/** Receives each event of a chat; a rejected promise it returns is reported like a thrown error. */
export type ChatEventListener = (event: ChatEvent) => void | Promise<void>;

/** How a {@link ChatEventBus} numbers and holds events. */
export interface ChatEventBusOptions {
  chatId: string;
  /**
   * How many recent events are held for replay. Default 1000. 0 holds none: for a host that subscribes before the
   * first event and keeps its own log (the gateway), so that an idle chat does not hold its events twice.
   */
  bufferSize?: number;
  /** Where the first event's seq starts; a resumed chat continues its old numbering. Default 1. */
  firstSeq?: number;
  /** The clock events are stamped with (`at`). Default `Date.now`. */
  now?: () => number;
  /** Told about every error a listener throws or rejects with; delivery to the other listeners goes on. */
  onListenerError?: (error: unknown, event: ChatEvent) => void;
  /**
   * Where such an error is logged (with the chat, event type and seq) when there is no `onListenerError`; without
   * either, it goes to the console.
   */
  logger?: Logger;
}

/** How a subscriber joins a bus. */
export interface SubscribeOptions {
  /** Replay the held events after this seq before live ones (0 replays everything held). */
  afterSeq?: number;
}

/**
 * The per-chat event bus. Each published event gets the next `seq` and a timestamp, is kept in a bounded buffer
 * for replay, and is delivered to every listener in seq order, even when a listener publishes while being
 * called. A listener that throws or rejects is reported to `onListenerError` and cannot stop delivery to the
 * others or reach the publisher.
 */
export class ChatEventBus {
  readonly chatId: string;
  private readonly bufferSize: number;
  private readonly now: () => number;
  private readonly onListenerError: ((error: unknown, event: ChatEvent) => void) | undefined;
  private readonly logger: Logger | undefined;
  /** The events held for replay; none (no array) when bufferSize is 0. */
  private readonly buffer: ChatEvent[] | undefined;
  /**
   * Replaced, never changed in place: a delivery goes on over the listeners it began with, whoever subscribes or
   * unsubscribes meanwhile, without copying them for every event.
   */
  private listeners: readonly ChatEventListener[] = [];
  /** Events published by a listener while an earlier one is being delivered; none outside delivery. */
  private pending: ChatEvent[] | undefined;
  private delivering = false;
  private nextSeq: number;

  constructor(options: ChatEventBusOptions) {
    this.chatId = options.chatId;
    this.bufferSize = options.bufferSize ?? 1000;
    if (!Number.isInteger(this.bufferSize) || this.bufferSize < 0) throw new TypeError('bufferSize must be an integer of 0 or more');
    if (this.bufferSize > 0) this.buffer = [];
    this.nextSeq = options.firstSeq ?? 1;
    this.now = options.now ?? Date.now;
    this.onListenerError = options.onListenerError;
    this.logger = options.logger;
  }

  /** The seq of the last published event, 0 before the first. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** Publishes an event and returns it with its seq and time. */
  publish(body: ChatEventBody): ChatEvent {
    const event = { ...body, chatId: this.chatId, seq: this.nextSeq, at: this.now() } as ChatEvent;
    this.nextSeq += 1;
    if (this.buffer) {
      this.buffer.push(event);
      if (this.buffer.length > this.bufferSize) this.buffer.shift();
    }
    this.drain(event);
    return event;
  }

  /**
   * The held events with a seq greater than `afterSeq`, oldest first.
   * @throws REPLAY_UNAVAILABLE when some of those events are no longer held.
   */
  replay(afterSeq: number): ChatEvent[] {
    const oldest = this.buffer?.[0]?.seq ?? this.nextSeq;
    if (afterSeq + 1 < oldest) {
      throw new ServiceDeskError(ErrorCode.REPLAY_UNAVAILABLE, `Events after seq ${afterSeq} are not held any more (the oldest held is ${oldest})`);
    }
    return this.buffer?.filter((event) => event.seq > afterSeq) ?? [];
  }

  /**
   * Calls `listener` with every event from now on, after replaying the held events after `afterSeq` when given.
   * Returns a function that unsubscribes.
   */
  subscribe(listener: ChatEventListener, options: SubscribeOptions = {}): () => void {
    if (options.afterSeq !== undefined) {
      for (const event of this.replay(options.afterSeq)) this.deliver(listener, event);
    }
    // concat, not spread: the array it makes has no room to spare (one per chat, for as long as the chat lives).
    if (!this.listeners.includes(listener)) this.listeners = this.listeners.concat(listener);
    return () => this.unsubscribe(listener);
  }

  /** Stops calling `listener` (what `subscribe`'s returned function does). */
  unsubscribe(listener: ChatEventListener): void {
    this.listeners = this.listeners.filter((subscribed) => subscribed !== listener);
  }

  private drain(event: ChatEvent): void {
    // A listener that publishes re-enters here; queueing keeps every listener's view in seq order.
    if (this.delivering) {
      (this.pending ??= []).push(event);
      return;
    }
    this.delivering = true;
    try {
      for (let next: ChatEvent | undefined = event; next !== undefined; next = this.pending?.shift()) {
        for (const listener of this.listeners) this.deliver(listener, next);
      }
    } finally {
      this.delivering = false;
      this.pending = undefined;
    }
  }

  private deliver(listener: ChatEventListener, event: ChatEvent): void {
    try {
      const result = listener(event);
      if (result instanceof Promise) result.catch((error: unknown) => this.reportListenerError(error, event));
    } catch (error) {
      this.reportListenerError(error, event);
    }
  }

  private reportListenerError(error: unknown, event: ChatEvent): void {
    try {
      if (this.onListenerError) this.onListenerError(error, event);
      else if (this.logger) this.logger.error({ chatId: this.chatId, event: event.type, seq: event.seq, err: error }, 'A chat event subscriber failed');
      else console.error('byosd: a chat event listener failed', error);
    } catch {
      // The error reporter itself failed; there is nobody left to tell.
    }
  }
}
