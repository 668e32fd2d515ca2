import * as z from 'zod/mini';

/**
 * A message from the user to the agent. Shaped like IBM web chat's `MessageRequest` so that a widget can pass
 * what its input box produced unchanged. Unlike Carbon AI Chat 1.9, the text is required: Carbon sends none when the
 * user sends only files, and `@byosd/carbon` then sends the files' names as the text.
 */
export interface MessageRequest {
  input: {
    message_type?: 'text';
    /** The text as typed. Plain text: adapters never interpret it as markup. */
    text: string;
  };
}

/**
 * The longest text `sendMessageToAgent` accepts by default, in UTF-16 code units. An adapter whose backend allows
 * less declares its own limit (`CapabilityManifest.maxMessageLength`); longer text is rejected before anything
 * is sent, with an INVALID_INPUT error, rather than truncated.
 */
export const DEFAULT_MAX_MESSAGE_LENGTH = 4096;

/** Parses a {@link MessageRequest}. */
export const messageRequestSchema = z.object({
  input: z.object({
    message_type: z.optional(z.literal('text')),
    text: z.string(),
  }),
});
