import * as z from 'zod/mini';
import { CHAT_STATES, chatMessageSchema, participantSchema } from './messages.js';

/** The answer to RequestChat. */
export const requestChatAnswerSchema = z.object({
  id: z.string().check(z.minLength(1)),
  statusCode: z.literal(0),
  path: z.string(),
});
export type RequestChatAnswer = z.infer<typeof requestChatAnswerSchema>;

/** The answer to SendMessage, the typing notifications and Complete. */
export const operationAnswerSchema = z.object({ statusCode: z.literal(0) });

/** `GET /api/v2/chats/{id}`. */
export const chatResourceAnswerSchema = z.object({
  chat: z.object({
    id: z.string(),
    state: z.enum(CHAT_STATES),
    participants: z.array(participantSchema),
    capabilities: z.array(z.string()),
  }),
  statusCode: z.literal(0),
});
export type ChatResourceAnswer = z.infer<typeof chatResourceAnswerSchema>;

/** `GET /api/v2/chats/{id}/messages`. */
export const messagesAnswerSchema = z.object({
  messages: z.array(chatMessageSchema),
  statusCode: z.literal(0),
});
export type MessagesAnswer = z.infer<typeof messagesAnswerSchema>;

/**
 * An error answer: a non-zero `statusCode` with a `statusMessage`. When a RequestChat failed after GWS created
 * the chat, `id` names it, so that the client can complete it.
 */
export const errorAnswerSchema = z.object({
  statusCode: z.int(),
  statusMessage: z.optional(z.string()),
  id: z.optional(z.string().check(z.minLength(1))),
});
export type ErrorAnswer = z.infer<typeof errorAnswerSchema>;
