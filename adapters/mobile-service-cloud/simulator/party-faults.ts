import { type RequestFault, requestFaultSchema } from '@byosd/conformance';
import { z } from 'zod';

/**
 * Faults of the parties that the kit's backend-neutral operations do not name: the bot's `prechat` event, the
 * router refusing the handover message, MSC's agent side refusing the conversation, and the presence service
 * answering garbage. (The kit's operations cover the rest: `availability` is the presence call, `start` the
 * Enable mutation, `end` the Disable mutation and the end event, `send` and `typing` the user's TwoWay messages.)
 */
export const PARTY_FAULT_POINTS = ['prechat', 'router', 'agent-side', 'presence-garbage'] as const;
export type PartyFaultPoint = (typeof PARTY_FAULT_POINTS)[number];

export const partyFaultBodySchema = z.object({
  point: z.enum(PARTY_FAULT_POINTS),
  fault: requestFaultSchema.default({ type: 'unavailable' }),
  times: z.number().int().positive().max(1000).default(1),
});

export class PartyFaults {
  private readonly queued = new Map<PartyFaultPoint, RequestFault[]>();

  failNext(point: PartyFaultPoint, fault: RequestFault = { type: 'unavailable' }, times = 1): void {
    const queue = this.queued.get(point) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.queued.set(point, queue);
  }

  take(point: PartyFaultPoint): RequestFault | undefined {
    return this.queued.get(point)?.shift();
  }

  reset(): void {
    this.queued.clear();
  }
}
