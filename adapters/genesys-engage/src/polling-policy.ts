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
 * When to poll next. While the conversation is active (the agent wrote or the user sent a message within
 * `activeHoldMs`, or the agent is typing) the interval is the minimum; after that it grows by `backoffMultiplier`
 * per poll up to the maximum. A participant change (an agent joined or left) restarts the backoff from the
 * minimum without holding it. Every interval is jittered and kept within [min, max].
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

  /** The agent wrote, or the user sent a message: an answer is likely soon. */
  activity(): void {
    this.lastActivityAt = this.now();
    this.idleInterval = this.settings.minPollIntervalMs;
  }

  agentTyping(isTyping: boolean): void {
    this.agentTypingSince = isTyping ? this.now() : undefined;
    if (isTyping) this.idleInterval = this.settings.minPollIntervalMs;
  }

  /** Someone joined or left: look again soon, then back off as usual. */
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

  private jittered(interval: number): number {
    const { minPollIntervalMs: min, maxPollIntervalMs: max, pollJitter } = this.settings;
    const factor = 1 + pollJitter * (2 * this.random() - 1);
    return Math.round(Math.min(max, Math.max(min, interval * factor)));
  }
}
