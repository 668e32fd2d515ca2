import * as z from 'zod/mini';

/** The user's side of the conversation as the widget knows it. Any field may change at any time. */
export interface ServiceDeskState {
  /** The assistant (bot) session id; changes when the bot session times out and a new one starts. */
  sessionID?: string;
  /** The id of the end user. */
  userID?: string;
  /** The user's locale, as a BCP 47 tag (`en-US`, `nl`). */
  locale?: string;
}

/** Parses a {@link ServiceDeskState}. */
export const serviceDeskStateSchema = z.object({
  sessionID: z.optional(z.string()),
  userID: z.optional(z.string()),
  locale: z.optional(z.string()),
});
