import { type RequestFault } from '@byosd/conformance';
import { z } from 'zod';

/**
 * How one messages poll (`GET .../messages`) fails: the kit's request faults, and a 503 that says when to come
 * back (Retry-After), as GWS behind a load balancer answers while an instance restarts.
 */
export type PollFault = RequestFault | { type: 'unavailable-retry-after'; retryAfterMs: number };

export const pollFaultSchema: z.ZodType<PollFault> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('unavailable'), status: z.number().int().min(500).max(599).optional() }),
  z.object({ type: z.literal('rate-limited'), retryAfterMs: z.number().int().nonnegative() }),
  z.object({ type: z.literal('unavailable-retry-after'), retryAfterMs: z.number().int().nonnegative() }),
  z.object({ type: z.literal('fail-after-processing') }),
  z.object({ type: z.literal('drop-after-processing') }),
  z.object({ type: z.literal('no-reply') }),
]);

/**
 * The faults of the messages endpoint, which the kit's backend-neutral operations do not name: queued poll
 * failures, pages the server-side cursor repeats, and per-chat connection cuts and malformed pages.
 */
export class PollFaults {
  private readonly queued: PollFault[] = [];
  private repeats = 0;
  /** Chats whose next poll loses its connection (a network cut). */
  readonly cutChats = new Set<string>();
  /** Chats whose next poll gets a malformed page. */
  readonly malformedChats = new Set<string>();

  failNext(fault: PollFault, times = 1): void {
    for (let i = 0; i < times; i += 1) this.queued.push(fault);
  }

  take(): PollFault | undefined {
    return this.queued.shift();
  }

  /** The next `times` cursor requests (no `index`) get the previous page again instead of what is new. */
  repeatNextPage(times = 1): void {
    this.repeats += times;
  }

  takeRepeat(): boolean {
    if (this.repeats === 0) return false;
    this.repeats -= 1;
    return true;
  }

  reset(): void {
    this.queued.length = 0;
    this.repeats = 0;
    this.cutChats.clear();
    this.malformedChats.clear();
  }
}
