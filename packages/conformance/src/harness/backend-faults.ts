import { z } from 'zod';

/**
 * The user-side operations a backend serves, in backend-neutral terms. Each simulator maps its own requests onto
 * them (the example desk's `send` frame, Twilio's "create message" POST...), so that a scenario can say "the next
 * send fails" without knowing the wire protocol.
 */
export const BACKEND_OPERATIONS = ['start', 'send', 'typing', 'read', 'end', 'availability', 'resume', 'state'] as const;
/** A backend operation a fault can be set on. */
export type BackendOperation = (typeof BACKEND_OPERATIONS)[number];

/** How one request fails. */
export type RequestFault =
  /** Refused before anything happens, as a 5xx (default 503). */
  | { type: 'unavailable'; status?: number }
  /** Refused with 429 and a Retry-After of `retryAfterMs`. */
  | { type: 'rate-limited'; retryAfterMs: number }
  /** Processed (a chat created, a message delivered), then answered with a 5xx: the client cannot know it worked. */
  | { type: 'fail-after-processing' }
  /** Processed, then the connection drops before the answer. */
  | { type: 'drop-after-processing' }
  /** Taken and never answered. */
  | { type: 'no-reply' };

/** Parses a {@link RequestFault}. */
export const requestFaultSchema: z.ZodType<RequestFault> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('unavailable'), status: z.number().int().min(500).max(599).optional() }),
  z.object({ type: z.literal('rate-limited'), retryAfterMs: z.number().int().nonnegative() }),
  z.object({ type: z.literal('fail-after-processing') }),
  z.object({ type: z.literal('drop-after-processing') }),
  z.object({ type: z.literal('no-reply') }),
]);

/** Faults applied to what the backend delivers to clients (socket frames, webhooks). Rates are in [0, 1]. */
export interface DeliverySettings {
  /** Added before every delivery. */
  latencyMs: number;
  /** The share of events delivered twice (at-least-once backends). */
  duplicateRate: number;
  /** The share of events held back and delivered after the next one. */
  reorderRate: number;
}

/** Parses {@link DeliverySettings}. */
export const deliverySettingsSchema = z.object({
  latencyMs: z.number().int().nonnegative().max(60_000).optional(),
  duplicateRate: z.number().min(0).max(1).optional(),
  reorderRate: z.number().min(0).max(1).optional(),
});
