import * as z from 'zod/mini';

/** One piece of an agent message. Text is markdown, never HTML. */
export type GenericItem =
  | { response_type: 'text'; text: string }
  /** An error line shown inside the transcript (IBM's `inline_error`), e.g. "The agent could not see your file". */
  | { response_type: 'inline_error'; text: string };

/**
 * A message from the agent to the user, shaped like IBM web chat's and Carbon AI Chat 1.9's `MessageResponse`: `id`
 * and `output.generic` exactly, with the two item types an agent sends (Carbon passes it on as it is).
 */
export interface MessageResponse {
  /**
   * The backend's own id for this message. The chat session drops a second message with an id it has already
   * delivered, so adapters must set it whenever the backend provides one (a redelivered webhook, a replayed
   * socket frame and a resumed history then cannot reach the user twice).
   */
  id?: string;
  output: { generic: GenericItem[] };
}

/** Parses a {@link GenericItem}. */
export const genericItemSchema = z.discriminatedUnion('response_type', [
  z.object({ response_type: z.literal('text'), text: z.string() }),
  z.object({ response_type: z.literal('inline_error'), text: z.string() }),
]);

/** Parses a {@link MessageResponse}. */
export const messageResponseSchema = z.object({
  id: z.optional(z.string().check(z.minLength(1))),
  output: z.object({ generic: z.array(genericItemSchema) }),
});

/** Wraps plain text into a `MessageResponse`, the shape every subscriber receives. */
export function textMessage(text: string, id?: string): MessageResponse {
  return id === undefined ? { output: { generic: [{ response_type: 'text', text }] } } : { id, output: { generic: [{ response_type: 'text', text }] } };
}

/** The text of a message, its text items joined by blank lines. */
export function messageText(message: MessageResponse): string {
  return message.output.generic.map((item) => item.text).join('\n\n');
}
