import { trimOldest } from '../util/bounded.js';

/**
 * How many messageIds one chat remembers. The one limit for the chat session and every adapter: a chat that
 * sends more forgets its oldest ids first, so a chat of any length uses bounded memory.
 */
export const REMEMBERED_SENDS_LIMIT = 10_000;

/** What a send that succeeded is remembered as. */
const SENT: Promise<void> = Promise.resolve();

/**
 * The memory that makes `sendMessageToAgent` idempotent by messageId: a send repeated while the first is pending,
 * or after it succeeded, joins the first instead of reaching the agent again. A send that failed is forgotten, so
 * the caller may retry it with the same id.
 *
 * ```ts
 * private readonly sends = new IdempotentSends();
 * sendMessageToAgent(message, messageId) {
 *   return this.sends.run(messageId, () => this.deliver(message, messageId));
 * }
 * ```
 */
export class IdempotentSends {
  /** Made at the first send: a chat that sends nothing (most idle chats on a gateway) holds no empty Map. */
  private sends: Map<string, Promise<void>> | undefined;

  constructor(private readonly limit: number = REMEMBERED_SENDS_LIMIT) {}

  /** The send of `messageId`: the remembered one, or `send()` started now and remembered. */
  run(messageId: string, send: () => Promise<void>): Promise<void> {
    const sends = (this.sends ??= new Map());
    const remembered = sends.get(messageId);
    if (remembered) return remembered;
    const sending = send();
    sends.set(messageId, sending);
    trimOldest(sends, this.limit);
    sending.then(
      // A send that succeeded is remembered as one shared settled promise: the memory holds its id, not the whole
      // settled promise of each of up to `limit` messages.
      () => {
        if (sends.get(messageId) === sending) sends.set(messageId, SENT);
      },
      // Forget only this attempt: a retry with the same id may already be under way.
      () => {
        if (sends.get(messageId) === sending) sends.delete(messageId);
      },
    );
    return sending;
  }

  /** Remembers `messageIds` as sent already (by an earlier host of the chat): sending one again does nothing. */
  remember(messageIds: Iterable<string>): void {
    const sends = (this.sends ??= new Map());
    for (const messageId of messageIds) sends.set(messageId, SENT);
    trimOldest(sends, this.limit);
  }

  /** Resolves once every send under way now has succeeded or failed. */
  async settled(): Promise<void> {
    if (this.sends) await Promise.allSettled(this.sends.values());
  }

  /** The remembered send of `messageId` (pending or succeeded), if any. */
  get(messageId: string): Promise<void> | undefined {
    return this.sends?.get(messageId);
  }

  /** How many message ids are remembered. */
  get size(): number {
    return this.sends?.size ?? 0;
  }
}
