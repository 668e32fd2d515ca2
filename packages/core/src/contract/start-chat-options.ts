import * as z from 'zod/mini';
import { type JsonObject, jsonObjectSchema } from './json.js';

/** Options for `startChat`. */
export interface StartChatOptions {
  /**
   * Data the user gave before the chat (a pre-chat form, intake answers, the bot's context variables). Adapters
   * pass it to the backend in the backend's own way (custom attributes, task attributes, routing data) and
   * document which keys they read.
   */
  preStartChatPayload?: JsonObject;
}

/** Parses {@link StartChatOptions}. */
export const startChatOptionsSchema = z.object({
  preStartChatPayload: z.optional(jsonObjectSchema),
});
