import { ErrorCode } from '../errors/error-codes.js';
import { ServiceDeskError } from '../errors/service-desk-error.js';
import type { ChatEvent } from './chat-event.js';
import type { ChatEventBus } from './chat-event-bus.js';

/** How `waitForEvent` waits. */
export interface WaitForEventOptions {
  /** Also consider held events after this seq (default: only events published from now on). */
  afterSeq?: number;
  /** Default 5000 ms. */
  timeoutMs?: number;
}

/**
 * Resolves with the first event that matches `predicate`, or rejects with TIMEOUT naming `what`. The way to
 * wait for something to happen in a chat, in tests and scripts alike: no sleeping.
 */
export function waitForEvent<E extends ChatEvent = ChatEvent>(
  bus: ChatEventBus,
  predicate: ((event: ChatEvent) => event is E) | ((event: ChatEvent) => boolean),
  what: string,
  options: WaitForEventOptions = {},
): Promise<E> {
  const timeoutMs = options.timeoutMs ?? 5000;
  return new Promise<E>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined;
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      unsubscribe?.();
      reject(new ServiceDeskError(ErrorCode.TIMEOUT, `Waited ${timeoutMs} ms for ${what} in chat ${bus.chatId}`));
    }, timeoutMs);
    const listener = (event: ChatEvent) => {
      if (done || !predicate(event)) return;
      done = true;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe?.());
      resolve(event as E);
    };
    try {
      unsubscribe = bus.subscribe(listener, options.afterSeq === undefined ? {} : { afterSeq: options.afterSeq });
    } catch (error) {
      clearTimeout(timer);
      reject(error);
      return;
    }
    if (done) unsubscribe();
  });
}
