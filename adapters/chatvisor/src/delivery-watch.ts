export type DeliveryMode = 'webhooks' | 'polling';

export interface DeliveryWatchOptions {
  pollIntervalMs: number;
  safetyPollIntervalMs: number;
  webhookTimeoutMs: number;
}

/**
 * Decides how a chat learns what happens at Chatvisor. While webhooks arrive, a slow safety poll finds whatever a
 * lost one did not announce; when a webhook that must come does not (after the chat opened, a message was sent,
 * or a poll found news) within `webhookTimeoutMs`, the chat falls back to polling every `pollIntervalMs`, until
 * a webhook arrives again. Both paths end in the same timeline read, so nothing is reported twice.
 */
export class DeliveryWatch {
  private current: DeliveryMode = 'webhooks';
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private echoTimer: ReturnType<typeof setTimeout> | undefined;
  private lastWebhookAt = 0;
  private stopped = true;

  constructor(
    private readonly options: DeliveryWatchOptions,
    /** Reads the timeline; resolves with how many new entries it found. */
    private readonly poll: () => Promise<number>,
    private readonly onModeChange: (mode: DeliveryMode) => void = () => undefined,
  ) {}

  get mode(): DeliveryMode {
    return this.current;
  }

  start(): void {
    this.stopped = false;
    this.schedulePoll();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.echoTimer);
    this.echoTimer = undefined;
  }

  webhookArrived(): void {
    this.lastWebhookAt = Date.now();
    clearTimeout(this.echoTimer);
    this.echoTimer = undefined;
    if (this.current === 'polling') this.switchTo('webhooks');
  }

  /**
   * Something happened at `since` (default now) that fires a webhook: one must have arrived since then, or arrive
   * within `webhookTimeoutMs`. Pass the time the request was made: its webhook may beat its answer.
   */
  expectWebhook(since = Date.now()): void {
    if (this.stopped || this.echoTimer !== undefined || this.current === 'polling' || this.lastWebhookAt >= since) return;
    this.echoTimer = setTimeout(() => {
      this.echoTimer = undefined;
      if (!this.stopped && this.lastWebhookAt < since) this.switchTo('polling');
    }, this.options.webhookTimeoutMs);
  }

  private switchTo(mode: DeliveryMode): void {
    this.current = mode;
    this.onModeChange(mode);
    this.schedulePoll();
  }

  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    if (this.stopped) return;
    const interval = this.current === 'polling' ? this.options.pollIntervalMs : this.options.safetyPollIntervalMs;
    this.pollTimer = setTimeout(() => {
      this.poll()
        .then((found) => {
          if (found > 0) this.expectWebhook();
        })
        .catch(() => undefined)
        .finally(() => {
          if (!this.stopped) this.schedulePoll();
        });
    }, interval);
  }
}
