import type { TwoWayMessage } from '../protocol/index.js';

const REMEMBERED_IDS = 10_000;

/**
 * Puts the router's deliveries of one chat back in order, once each: a delivery is passed on when it follows the
 * last by `Sequence`, held while an earlier one may still come (at most `gapWaitMs`, then passed on anyway, so a
 * lost delivery never stalls the chat; if it comes after all, it is passed on late rather than dropped), and
 * dropped when its `Id` was seen. One without `Sequence` passes at once.
 */
export class DeliveryOrder {
  private readonly held = new Map<number, TwoWayMessage>();
  private readonly seen = new Set<string>();
  /** Sequences given up on as a gap: if one still comes, it is passed on late rather than lost. */
  private readonly skipped = new Set<number>();
  private last = 0;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;

  /** `after`: the last Sequence passed on before (a chat resumed on another desk); 0 for a new chat. */
  constructor(
    private readonly deliver: (message: TwoWayMessage) => void,
    private readonly gapWaitMs: number,
    after = 0,
  ) {
    this.last = after;
  }

  /** The last Sequence passed on in order. */
  get lastSequence(): number {
    return this.last;
  }

  accept(message: TwoWayMessage): void {
    if (this.seen.has(message.Id)) return;
    const sequence = message.Sequence;
    if (sequence === undefined) return this.pass(message);
    if (sequence <= this.last) {
      if (this.skipped.delete(sequence)) this.pass(message);
      return;
    }
    this.held.set(sequence, message);
    this.drain();
  }

  close(): void {
    clearTimeout(this.gapTimer);
    this.held.clear();
  }

  private drain(): void {
    for (let next = this.held.get(this.last + 1); next; next = this.held.get(this.last + 1)) {
      this.held.delete(this.last + 1);
      this.last += 1;
      this.pass(next);
    }
    clearTimeout(this.gapTimer);
    this.gapTimer = undefined;
    if (this.held.size > 0) this.gapTimer = setTimeout(() => this.skipGap(), this.gapWaitMs);
  }

  /** The missing delivery did not come in time: go on from the earliest held one. */
  private skipGap(): void {
    const earliest = Math.min(...this.held.keys());
    // Only the newest REMEMBERED_IDS of the missing ones are remembered: a Sequence far ahead (2^31, say) must
    // not make this loop run billions of times, blocking the process until the Set overflows and throws.
    for (let missing = Math.max(this.last + 1, earliest - REMEMBERED_IDS); missing < earliest; missing += 1) this.skipped.add(missing);
    while (this.skipped.size > REMEMBERED_IDS) this.skipped.delete(this.skipped.values().next().value as number);
    this.last = earliest - 1;
    this.drain();
  }

  private pass(message: TwoWayMessage): void {
    this.seen.add(message.Id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    this.deliver(message);
  }
}
