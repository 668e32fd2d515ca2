/** The knobs of the adaptive polling, from the options. */
export interface PollingSettings {
  minPollIntervalMs: number;
  maxPollIntervalMs: number;
  backoffMultiplier: number;
  activeHoldMs: number;
  typingHoldMs: number;
  pollJitter: number;
}

/**
 * When to poll next. While the conversation is active (a sign of activity within `activeHoldMs`, or the agent is
 * typing) the interval is the minimum; after that it grows by `backoffMultiplier` per poll up to the maximum. A
 * sign of activity is anything that makes an agent message likely soon: the agent wrote or joined, the user typed
 * or sent a message, the user came back to the page or resumed the chat. An agent leaving restarts the backoff
 * from the minimum without holding it. Every interval is jittered and kept within [min, max].
 *
 * Pure: time and randomness come in through `now` and `random`, and nothing here touches a timer or the network.
 */
export class PollingPolicy {
  private lastActivityAt = Number.NEGATIVE_INFINITY;
  private agentTypingSince: number | undefined;
  private idleInterval: number;

  constructor(
    private readonly settings: PollingSettings,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {
    this.idleInterval = settings.minPollIntervalMs;
  }

  /** A sign that the conversation is (becoming) active: an agent message is likely soon. */
  activity(): void {
    this.lastActivityAt = this.now();
    this.idleInterval = this.settings.minPollIntervalMs;
  }

  agentTyping(isTyping: boolean): void {
    this.agentTypingSince = isTyping ? this.now() : undefined;
    if (isTyping) this.idleInterval = this.settings.minPollIntervalMs;
  }

  /** An agent left: look again soon (a transfer or an end may follow), then back off as usual. */
  restartBackoff(): void {
    this.idleInterval = this.settings.minPollIntervalMs / this.settings.backoffMultiplier;
  }

  /** Whether the conversation counts as active now. */
  get isActive(): boolean {
    const now = this.now();
    const typing = this.agentTypingSince !== undefined && now - this.agentTypingSince < this.settings.typingHoldMs;
    return typing || now - this.lastActivityAt < this.settings.activeHoldMs;
  }

  /** The delay before the next poll, after a poll that succeeded. */
  nextDelay(): number {
    const { minPollIntervalMs: min, maxPollIntervalMs: max } = this.settings;
    if (this.isActive) {
      this.idleInterval = min;
    } else {
      this.idleInterval = Math.min(max, Math.max(min, this.idleInterval * this.settings.backoffMultiplier));
    }
    return this.jittered(this.isActive ? min : this.idleInterval);
  }

  /**
   * After a sign of activity, how long the waiting poll should still wait, given how long ago the last poll
   * ended: at once when the minimum interval has passed since, else the rest of it (so that waking never polls
   * faster than the minimum interval, whatever the user does).
   */
  wakeDelay(sinceLastPollMs: number): number {
    return Math.max(0, Math.min(this.settings.minPollIntervalMs, this.settings.minPollIntervalMs - sinceLastPollMs));
  }

  private jittered(interval: number): number {
    const { minPollIntervalMs: min, maxPollIntervalMs: max, pollJitter } = this.settings;
    const factor = 1 + pollJitter * (2 * this.random() - 1);
    return Math.round(Math.min(max, Math.max(min, interval * factor)));
  }
}
