import type { MessageResource } from './rest-resources.js';

/** A conversation message, from a webhook or a REST list. */
export type SequencedMessage = Pick<MessageResource, 'sid' | 'index' | 'author' | 'body' | 'participant_sid'>;

/**
 * Puts a conversation's messages in index order, once each. Twilio numbers messages in arrival order but may skip
 * numbers, and webhooks may come twice or out of order; so a message is passed on when it follows the last one,
 * held while one before it may still come, and the caller fetches the missing ones over REST (`catchUp`) when
 * the hold lasts. Duplicates (by MessageSid, and any index already passed) are dropped.
 */
export class MessageSequencer {
  private readonly held = new Map<number, SequencedMessage>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly deliver: (message: SequencedMessage) => void,
    private last = -1,
  ) {}

  /** The index of the last message passed on (-1 before the first). */
  get lastIndex(): number {
    return this.last;
  }

  /** Whether messages are held waiting for an earlier one. */
  get waiting(): boolean {
    return this.held.size > 0;
  }

  /** A message arrived (webhook or own send); passes on what is now in order. */
  accept(message: SequencedMessage): void {
    if (message.index <= this.last || this.seen.has(message.sid)) return;
    this.held.set(message.index, message);
    this.drain();
  }

  /** Messages fetched over REST are complete up to the newest: pass them all on in order, gaps included. */
  catchUp(messages: readonly SequencedMessage[]): void {
    for (const message of [...messages].sort((a, b) => a.index - b.index)) {
      if (message.index <= this.last || this.seen.has(message.sid)) continue;
      this.held.delete(message.index);
      this.pass(message);
    }
    this.drain();
  }

  private drain(): void {
    for (let next = this.held.get(this.last + 1); next; next = this.held.get(this.last + 1)) {
      this.held.delete(next.index);
      this.pass(next);
    }
    // What is held at or below the last index was passed on by a catch-up meanwhile.
    for (const index of this.held.keys()) if (index <= this.last) this.held.delete(index);
  }

  private pass(message: SequencedMessage): void {
    this.last = message.index;
    this.seen.add(message.sid);
    this.deliver(message);
  }
}
