import { ErrorCode, type Logger, ServiceDeskError } from '@byosd/core';
import type { HandoverChannel, HandoverHandler } from '../stores/handover-channel.js';
import type { InstanceRegistry } from '../stores/instance-registry.js';
import type { LeaseStore } from '../stores/lease-store.js';

export interface ChatHandoverOptions {
  channel: HandoverChannel;
  leases: LeaseStore;
  /** Which instances are alive: a dead owner's chat is taken over at once. */
  instances: InstanceRegistry;
  instanceId: string;
  leaseTtlMs: number;
  /** How long to wait for an owner's answer. */
  timeoutMs: number;
  logger: Logger;
}

/**
 * How a chat moves to the instance its client resumes on, so that no sticky sessions are needed: that instance
 * takes the chat's lease when nobody holds it, takes it over from an owner that is dead (its presence is gone),
 * and otherwise asks the owner (over the stores' handover channel) to let the chat go, then takes it. Every wait
 * is bounded: an owner that does not answer keeps the chat, and the client is told to retry (by then the owner
 * may have let it go, or died and its presence lapsed).
 */
export class ChatHandover {
  private stopServing: (() => Promise<void>) | undefined;

  constructor(private readonly options: ChatHandoverOptions) {}

  /** Answers other instances' requests for this instance's chats with `handOver`. */
  async serve(handOver: HandoverHandler): Promise<void> {
    this.stopServing = await this.options.channel.serve(this.options.instanceId, handOver);
  }

  /** Stops answering: requests from now on find nobody listening. */
  async close(): Promise<void> {
    const stop = this.stopServing;
    this.stopServing = undefined;
    await stop?.();
  }

  /**
   * Takes the lease on `chatId` for this instance, asking its holder to hand the chat over when there is one. The
   * chat's record may have changed meanwhile (the owner stored its state last): read it after this.
   * @throws BACKEND_UNAVAILABLE (retryable) when the holder keeps the chat: its adapter cannot move it, it is
   * busy, it did not answer in time, or another instance took the chat first.
   */
  async claim(chatId: string): Promise<void> {
    const { leases, instances, instanceId, leaseTtlMs, channel, timeoutMs, logger } = this.options;
    if (await leases.acquire(chatId, instanceId, leaseTtlMs)) return;
    const owner = await leases.holder(chatId);
    // The lease lapsed between the two calls: the chat is free again.
    if (owner === undefined || owner === instanceId) return this.acquireOrRefuse(chatId, 'The chat moved to another gateway instance meanwhile; retry');
    // Killed, crashed or cut off from the stores: nobody would answer, and its lease could last a while yet. Should
    // it be alive after all (only cut off), it finds the lease gone at its next renewal and lets the chat go, and
    // the event log refuses what it still tries to write.
    if (!(await instances.isAlive(owner))) {
      if (!(await leases.takeOver(chatId, owner, instanceId, leaseTtlMs)))
        throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'The chat moved to another gateway instance meanwhile; retry', { isRetryable: true });
      logger.info({ chatId, from: owner }, 'Taking over a chat whose instance is gone');
      return;
    }
    const answer = await channel.request(owner, chatId, instanceId, timeoutMs).catch((error: unknown) => {
      logger.warn({ chatId, owner, err: error }, 'Asking for a chat to be handed over failed');
      return undefined;
    });
    switch (answer) {
      case 'released':
      case 'not-hosted':
        logger.info({ chatId, from: owner, answer }, 'Claiming a chat its client resumed here');
        return this.acquireOrRefuse(chatId, 'The chat moved to another gateway instance meanwhile; retry');
      case 'cannot-move':
        throw new ServiceDeskError(
          ErrorCode.BACKEND_UNAVAILABLE,
          'The chat is hosted by another gateway instance and its adapter cannot move it between instances; retry (only its instance can resume it)',
          { isRetryable: true },
        );
      case 'busy':
      case undefined:
        logger.warn({ chatId, owner, answer: answer ?? 'none' }, 'The owner of a chat did not hand it over');
        throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'The chat is hosted by another gateway instance, which did not hand it over yet; retry', {
          isRetryable: true,
          retryAfterMs: 1000,
        });
    }
  }

  private async acquireOrRefuse(chatId: string, refusal: string): Promise<void> {
    const { leases, instanceId, leaseTtlMs } = this.options;
    if (!(await leases.acquire(chatId, instanceId, leaseTtlMs))) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, refusal, { isRetryable: true });
  }
}
