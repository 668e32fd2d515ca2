import * as z from 'zod/mini';

/**
 * The example desk's wire protocol: JSON frames, the same over the in-process transport and over a WebSocket to
 * the example desk simulator. Small on purpose, but with what real backends have: request/reply correlation,
 * idempotent sends keyed by messageId, and per-chat event ids for ordering, deduplication and resume.
 */

export const deskAgentSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  avatarUrl: z.optional(z.url()),
});
export type DeskAgent = z.infer<typeof deskAgentSchema>;

export const clientFrameSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('start'), requestId: z.string(), topic: z.string(), preChat: z.optional(z.record(z.string(), z.unknown())) }),
  z.object({ op: z.literal('resume'), requestId: z.string(), chatId: z.string(), afterEventId: z.int().check(z.nonnegative()) }),
  z.object({
    op: z.literal('send'),
    requestId: z.string(),
    chatId: z.string(),
    messageId: z.string(),
    text: z.string(),
    attachments: z.optional(z.array(z.string())),
  }),
  z.object({ op: z.literal('typing'), requestId: z.string(), chatId: z.string(), isTyping: z.boolean() }),
  z.object({ op: z.literal('read'), requestId: z.string(), chatId: z.string() }),
  z.object({ op: z.literal('state'), requestId: z.string(), chatId: z.string(), locale: z.optional(z.string()), userId: z.optional(z.string()) }),
  z.object({ op: z.literal('end'), requestId: z.string(), chatId: z.string() }),
  z.object({ op: z.literal('availability'), requestId: z.string() }),
]);
export type ClientFrame = z.infer<typeof clientFrameSchema>;

export const deskEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('queue'), position: z.int().check(z.nonnegative()), waitMinutes: z.number().check(z.nonnegative()) }),
  z.object({ type: z.literal('agent-joined'), agent: deskAgentSchema }),
  z.object({ type: z.literal('agent-message'), messageId: z.string(), agentId: z.string(), text: z.string() }),
  z.object({ type: z.literal('agent-typing'), isTyping: z.boolean() }),
  z.object({ type: z.literal('agent-read') }),
  z.object({ type: z.literal('transfer'), to: z.optional(deskAgentSchema) }),
  z.object({ type: z.literal('agent-left') }),
  z.object({ type: z.literal('chat-ended') }),
]);
export type DeskEvent = z.infer<typeof deskEventSchema>;

export const deskErrorCodeSchema = z.enum(['NOT_FOUND', 'CLOSED', 'RATE_LIMITED', 'UNAVAILABLE', 'BAD_REQUEST']);
export type DeskErrorCode = z.infer<typeof deskErrorCodeSchema>;

export const deskErrorSchema = z.object({ code: deskErrorCodeSchema, message: z.string(), retryAfterMs: z.optional(z.int().check(z.nonnegative())) });
export type DeskError = z.infer<typeof deskErrorSchema>;

/**
 * A reply carries either `error` or the result fields of its request. Exception: a `start` that failed after the
 * desk had created the chat carries both `error` and the `chatId`, and the client must end that chat.
 */
export const replyFrameSchema = z.object({
  kind: z.literal('reply'),
  requestId: z.string(),
  error: z.optional(deskErrorSchema),
  chatId: z.optional(z.string()),
  online: z.optional(z.boolean()),
});
export type ReplyFrame = z.infer<typeof replyFrameSchema>;

export const eventFrameSchema = z.object({ kind: z.literal('event'), chatId: z.string(), eventId: z.int().check(z.positive()), event: deskEventSchema });
export type EventFrame = z.infer<typeof eventFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('kind', [replyFrameSchema, eventFrameSchema]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;
