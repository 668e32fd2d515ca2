import { sleep } from '@byosd/core';

/**
 * Added to every wait: the server counts arrivals, and network jitter (or a busy event loop at either end) can
 * bunch them up. Genuine users never send two messages a second, so the margin costs them nothing.
 */
const SAFETY_MARGIN_MS = 150;

/**
 * Keeps a sender under a rate limit of `perSecond` frames in any one-second window by queueing: each `turn()`
 * resolves when the next frame may go, in call order, so nothing is dropped and the server's 429 is never hit
 * by this client's own pace.
 */
export class SendThrottle {
  private readonly sentAt: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly burst: number;
  private readonly windowMs: number;

  constructor(perSecond: number) {
    // Fractional rates (0.5/s) become one frame per window of 1/rate seconds.
    this.burst = Math.max(1, Math.floor(perSecond));
    this.windowMs = (1000 * this.burst) / perSecond;
  }

  /** Waits for this sender's turn. */
  turn(): Promise<void> {
    const mine = this.queue.then(() => this.waitForSlot());
    this.queue = mine.catch(() => undefined);
    return mine;
  }

  private async waitForSlot(): Promise<void> {
    if (this.sentAt.length >= this.burst) {
      const oldest = this.sentAt.shift() ?? 0;
      const wait = oldest + this.windowMs + SAFETY_MARGIN_MS - Date.now();
      if (wait > 0) await sleep(wait);
    }
    this.sentAt.push(Date.now());
  }
}
