import type { AdapterStore, JsonObject } from '@byosd/core';
import { processStore } from './process-store.js';

/** The most deliveries a resuming desk reads back. */
const MAX_REPLAYED = 1000;

/**
 * The router offers no way to read a chat back, so what a desk that resumes the chat (on another gateway instance)
 * needs is kept in the host's store, shared by the instances: each delivery under its chat and `Sequence`, written
 * by the message webhook before it hands the delivery on, and whether the chat has ended. Entries expire after the
 * resume window.
 */
export class DeliveryLog {
  private readonly store: AdapterStore;

  constructor(
    store: AdapterStore | undefined,
    private readonly ttlMs: number,
  ) {
    this.store = store ?? processStore;
  }

  record(chatId: string, sequence: number, delivery: JsonObject): Promise<void> {
    return this.store.set(deliveryKey(chatId, sequence), delivery, { ttlMs: this.ttlMs });
  }

  /** The deliveries after `sequence`, in order, up to the first one missing. */
  async after(chatId: string, sequence: number): Promise<unknown[]> {
    const deliveries: unknown[] = [];
    for (let next = sequence + 1; next <= sequence + MAX_REPLAYED; next += 1) {
      const delivery = await this.store.get(deliveryKey(chatId, next));
      if (delivery === undefined) break;
      deliveries.push(delivery);
    }
    return deliveries;
  }

  markEnded(chatId: string): Promise<void> {
    return this.store.set(endedKey(chatId), true, { ttlMs: this.ttlMs });
  }

  async hasEnded(chatId: string): Promise<boolean> {
    return (await this.store.get(endedKey(chatId))) !== undefined;
  }
}

const deliveryKey = (chatId: string, sequence: number) => `delivery:${chatId}:${sequence}`;
const endedKey = (chatId: string) => `ended:${chatId}`;
