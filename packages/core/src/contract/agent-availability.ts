import * as z from 'zod/mini';

/**
 * Where the user stands while waiting for an agent. A widget shows the wait time first, else the position, else
 * the message (IBM web chat's and Carbon AI Chat 1.9's order of priority). Every field is optional; send what the
 * backend knows. The field names are IBM web chat's snake_case; Carbon 1.9 renamed them `positionInQueue` and
 * `estimatedWaitTime` (same meaning and units), which `@byosd/carbon` maps.
 */
export interface AgentAvailability {
  /** 1 means next in line. */
  position_in_queue?: number;
  /** Expected wait in minutes. */
  estimated_wait_time?: number;
  /** Free text from the backend, e.g. "All agents are busy". */
  message?: string;
}

/** Parses an {@link AgentAvailability}. */
export const agentAvailabilitySchema = z.object({
  position_in_queue: z.optional(z.int().check(z.nonnegative())),
  estimated_wait_time: z.optional(z.number().check(z.nonnegative())),
  message: z.optional(z.string()),
});
