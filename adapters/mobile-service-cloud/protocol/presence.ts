import { z } from 'zod';

/**
 * MSC's presence check (developers.cm.com, "MSC presence"):
 * `GET https://presence.robinhq.com/api/v1?apikey=<key>&Channel=<channel>&referrer=<webstore>`, answered with
 * 200 and the plain text `Online` or `Offline` (400 or 404 on bad input). Online means at least one agent on that
 * channel in that webstore is online.
 */
export const PRESENCE_PATH = '/api/v1';

export const PRESENCE_CHANNELS = ['Chat', 'WebChat', 'WhatsApp', 'Facebook', 'Twitter', 'Email', 'Phone'] as const;

export const presenceQuerySchema = z.object({
  apikey: z.string().min(1),
  Channel: z.string().min(1),
  referrer: z.string().min(1),
});
export type PresenceQuery = z.infer<typeof presenceQuerySchema>;

/** The plain-text body, surrounding whitespace allowed. */
export const presenceBodySchema = z
  .string()
  .transform((text) => text.trim())
  .pipe(z.enum(['Online', 'Offline']));
export type PresenceStatus = z.infer<typeof presenceBodySchema>;
