import * as z from 'zod/mini';

/** `POST /api/v2/chats`: a customer asks for a chat. `userData` carries the pre-chat data as string pairs. */
export const requestChatBodySchema = z.object({
  operationName: z.literal('RequestChat'),
  nickname: z.string().check(z.minLength(1)),
  subject: z.optional(z.string()),
  /** The chat service endpoint (queue) that routes the chat; GWS's default endpoint when absent. */
  endpoint: z.optional(z.string().check(z.minLength(1))),
  userData: z.optional(z.record(z.string(), z.string())),
});
export type RequestChatBody = z.infer<typeof requestChatBodySchema>;

/** `POST /api/v2/chats/{id}`: what a customer does in a chat. */
export const chatOperationBodySchema = z.discriminatedUnion('operationName', [
  z.object({ operationName: z.literal('SendMessage'), text: z.string() }),
  z.object({ operationName: z.literal('SendStartTypingNotification') }),
  z.object({ operationName: z.literal('SendStopTypingNotification') }),
  z.object({ operationName: z.literal('Complete') }),
]);
export type ChatOperationBody = z.infer<typeof chatOperationBodySchema>;
export type ChatOperationName = ChatOperationBody['operationName'];

/** `GET .../messages?index=N`: the query. */
export const messagesQuerySchema = z.object({
  index: z.optional(z.coerce.number().check(z.int(), z.nonnegative())),
});
