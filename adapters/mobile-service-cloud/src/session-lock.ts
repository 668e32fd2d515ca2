import type { AdapterStore } from '@byosd/core';
import { processStore } from './process-store.js';

/**
 * The seed's rule "once a conversation has gone through a handover, the end user can no longer interact with the
 * bot for the remainder of their session (24 hours of inactivity)": a lock per router ChatId in the host's store,
 * whose TTL every activity of the chat restarts. While it holds, a new chat of that end user goes straight to MSC
 * and nothing reaches the bot.
 */
export class SessionLock {
  private readonly store: AdapterStore;

  constructor(
    store: AdapterStore | undefined,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.store = store ?? processStore;
  }

  async isLocked(chatId: string): Promise<boolean> {
    return (await this.store.get(lockKey(chatId))) !== undefined;
  }

  /** Takes the lock, or slides it: the TTL counts again from now. */
  async touch(chatId: string): Promise<void> {
    await this.store.set(lockKey(chatId), { lastActivityAt: this.now() }, { ttlMs: this.ttlMs });
  }
}

function lockKey(chatId: string): string {
  return `handover-lock:${chatId}`;
}
