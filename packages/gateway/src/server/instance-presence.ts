import type { Logger } from '@byosd/core';
import type { InstanceRegistry } from '../stores/instance-registry.js';

export interface InstancePresenceOptions {
  instances: InstanceRegistry;
  instanceId: string;
  /** How long the presence lasts without renewal; renewed every third of it. */
  ttlMs: number;
  logger: Logger;
  /** The presence had lapsed (this instance was cut off or stalled): other instances may have taken its chats over. */
  onLapsed(): Promise<void>;
}

/**
 * Keeps this instance's presence in the stores alive while it runs, so that other instances can tell it from a
 * dead one (whose chats they then take over at once, not after the chats' leases run out).
 */
export class InstancePresence {
  private timer: ReturnType<typeof setInterval> | undefined;
  private beating: Promise<void> | undefined;
  /**
   * A heartbeat failed since the last one that succeeded: the presence may have lapsed meanwhile, even if the
   * next heartbeat finds it (a timed-out heartbeat may still reach Redis late and set it again).
   */
  private unsure = false;

  constructor(private readonly options: InstancePresenceOptions) {}

  /** Announces this instance; resolves once it is present. */
  async start(): Promise<void> {
    const { instances, instanceId, ttlMs } = this.options;
    await instances.heartbeat(instanceId, ttlMs);
    this.timer = setInterval(() => void (this.beating ??= this.beat().finally(() => (this.beating = undefined))), Math.max(50, Math.floor(ttlMs / 3)));
    this.timer.unref();
  }

  /** Stops renewing and removes the presence (after the chats were handed over). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    const { instances, instanceId, logger } = this.options;
    await instances.leave(instanceId).catch((error: unknown) => logger.warn({ err: error }, "Removing this instance's presence failed; it lapses by itself"));
  }

  private async beat(): Promise<void> {
    const { instances, instanceId, ttlMs, logger, onLapsed } = this.options;
    try {
      if ((await instances.heartbeat(instanceId, ttlMs)) && !this.unsure) return;
      this.unsure = false;
      logger.warn({ instanceId }, "This instance's presence may have lapsed: checking which of its chats were taken over meanwhile");
      await onLapsed();
    } catch (error) {
      this.unsure = true;
      logger.warn({ instanceId, err: error }, "Renewing this instance's presence failed; retrying");
    }
  }
}
