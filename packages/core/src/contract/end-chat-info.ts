import * as z from 'zod/mini';
import { type JsonObject, jsonObjectSchema } from './json.js';

/**
 * Why `endChat` was called. Carbon AI Chat 1.9 passes `{ endedByHumanAgent, preEndChatPayload }`, with `null` for no
 * payload; `@byosd/carbon` renames the first and drops a `null` payload.
 */
export interface EndChatInfo {
  /**
   * True when the agent ended the chat and the widget is only tidying up: the adapter must not tell the backend
   * again. False (the default) when the user ended it.
   */
  endedByAgent?: boolean;
  /** Data collected when the chat ended (a survey, a reason), passed to the backend where it has a place for it. */
  preEndChatPayload?: JsonObject;
}

/** Parses an {@link EndChatInfo}. */
export const endChatInfoSchema = z.object({
  endedByAgent: z.optional(z.boolean()),
  preEndChatPayload: z.optional(jsonObjectSchema),
});
