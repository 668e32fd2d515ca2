/**
 * Whether a message may already be at the backend, for adapters that can look it up there (by the messageId it
 * carries) but cannot have the backend reject a second copy. Before posting, an adapter looks:
 *
 * - after a failed attempt: the backend may have taken the message although the answer was lost;
 * - for the first sends after a resume: a client resends what the chat's previous host may have posted just before
 *   it went away (a gateway instance that died). The first message not found is new, and so is what follows it.
 *
 * The lookup is told which (`LookReason`): after a failed attempt the message would be among the newest at the
 * backend, but after a resume the agent may have written much since, so the lookup reaches back to what the
 * previous host last recorded (its persisted state), not a fixed number of newest messages.
 *
 * ```ts
 * private readonly posting = new LookBeforePosting();
 * // reconnect(): this.posting.resumed();
 * await retryWhileLive(async (attempt) => {
 *   const landed = await this.posting.find(attempt, (reason) => this.api.findMessage(messageId, reason));
 *   return landed ?? this.api.post(message, messageId);
 * }, () => this.ended);
 * ```
 */
/** Why a lookup is made: a failed attempt (the message was just sent), or a resume (sent by the previous host). */
export type LookReason = 'failed-attempt' | 'resumed';

export class LookBeforePosting {
  private afterResume = false;

  /** The chat was resumed on this desk: look for the next sends until one is not there. */
  resumed(): void {
    this.afterResume = true;
  }

  /** The message as the backend holds it, looked up with `lookup` only when it may be there; else undefined. */
  async find<T>(attempt: number, lookup: (reason: LookReason) => Promise<T | undefined>): Promise<T | undefined> {
    if (attempt === 0 && !this.afterResume) return undefined;
    const found = await lookup(this.afterResume ? 'resumed' : 'failed-attempt');
    if (found === undefined) this.afterResume = false;
    return found;
  }
}
