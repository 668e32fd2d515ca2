/**
 * Who owns each chat: the instance that holds its adapter and backend connection. An owner renews its lease while
 * it lives; when it dies (its presence in the `InstanceRegistry` is gone) another instance takes the lease over at
 * once, or else once the lease runs out, and resumes the chat (`reconnect`).
 */
export interface LeaseStore {
  /** Takes the lease when nobody holds it (or `owner` does already). Resolves whether `owner` now holds it. */
  acquire(chatId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease if `owner` still holds it; resolves false when it was lost. */
  renew(chatId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  release(chatId: string, owner: string): Promise<void>;
  /**
   * Moves the lease from `from` (a dead instance) to `to`, only if `from` still holds it: of instances racing to
   * take one chat over, one wins. Resolves whether `to` now holds it.
   */
  takeOver(chatId: string, from: string, to: string, ttlMs: number): Promise<boolean>;
  /** The current holder, if any. */
  holder(chatId: string): Promise<string | undefined>;
}

/** A write refused because another instance holds the chat's lease now: it took the chat over. */
export class LeaseLostError extends Error {
  constructor(chatId: string) {
    super(`Another instance holds the lease on chat ${chatId} now: this instance may not write to it`);
    this.name = 'LeaseLostError';
  }
}
