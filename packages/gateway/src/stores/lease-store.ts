/**
 * Who owns each chat: the instance that holds its adapter and backend connection. An owner renews its lease while
 * it lives; when it dies the lease runs out and another instance may take the chat over (`reconnect`).
 */
export interface LeaseStore {
  /** Takes the lease when nobody holds it (or `owner` does already). Resolves whether `owner` now holds it. */
  acquire(chatId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease if `owner` still holds it; resolves false when it was lost. */
  renew(chatId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  release(chatId: string, owner: string): Promise<void>;
  /** The current holder, if any. */
  holder(chatId: string): Promise<string | undefined>;
}
