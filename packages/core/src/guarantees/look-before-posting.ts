import { trimOldest } from '../util/bounded.js';
import { REMEMBERED_SENDS_LIMIT } from './idempotent-sends.js';

/** Why a lookup is made: the message's fate was left open by a failed post, or it may have come from the previous host. */
export type LookReason = 'failed-attempt' | 'resumed';

/**
 * Whether a message may already be at the backend, for adapters that can look it up there (by the messageId it
 * carries) but cannot have the backend reject a second copy. Before posting, an adapter looks:
 *
 * - after a failed post of the same messageId: the backend may have taken the message although the answer was lost.
 *   That holds for the adapter's own retries and also for a later send of the id, after the adapter gave up and the
 *   client sent it again: the failure is remembered (as many ids as `IdempotentSends` remembers).
 * - for the first sends after a resume: a client resends what the chat's previous host may have posted just before
 *   it went away (a gateway instance that died). The first message not found is new, and so is what follows it.
 *
 * The lookup is told which (`LookReason`): after a failed post the message would be among the newest at the
 * backend, but after a resume the agent may have written much since, so the lookup reaches back to what the
 * previous host last recorded (its persisted state), not a fixed number of newest messages.
 *
 * ```ts
 * private readonly posting = new LookBeforePosting();
 * // reconnect(): this.posting.resumed();
 * await retryWhileLive(
 *   () => this.posting.post(messageId, {
 *     lookup: (reason) => this.api.findMessage(messageId, reason),
 *     post: () => this.api.post(message, messageId),
 *   }),
 *   () => this.ended,
 * );
 * ```
 */
export class LookBeforePosting {
  private afterResume = false;
  /** Message ids whose last post failed: it may have landed. Made at the first failure. */
  private fateOpen: Set<string> | undefined;

  constructor(private readonly limit: number = REMEMBERED_SENDS_LIMIT) {}

  /** The chat was resumed on this desk: look for the next sends until one is not there. */
  resumed(): void {
    this.afterResume = true;
  }

  /**
   * The message as the backend holds it: looked up with `lookup` when it may be there, else posted with `post`.
   * A failed post is remembered, so that the next try of the same messageId looks first.
   */
  async post<T>(messageId: string, steps: { lookup: (reason: LookReason) => Promise<T | undefined>; post: () => Promise<T> }): Promise<T> {
    const reason = this.reasonToLook(messageId);
    if (reason) {
      const found = await steps.lookup(reason);
      if (found !== undefined) {
        this.fateOpen?.delete(messageId);
        return found;
      }
      this.afterResume = false;
    }
    try {
      const posted = await steps.post();
      this.fateOpen?.delete(messageId);
      return posted;
    } catch (error) {
      const fateOpen = (this.fateOpen ??= new Set());
      fateOpen.add(messageId);
      trimOldest(fateOpen, this.limit);
      throw error;
    }
  }

  private reasonToLook(messageId: string): LookReason | undefined {
    if (this.afterResume) return 'resumed';
    return this.fateOpen?.has(messageId) ? 'failed-attempt' : undefined;
  }
}
