import {
  agentAvailabilitySchema,
  agentProfileSchema,
  chatCapabilitiesSchema,
  chatStateSchema,
  ERROR_CODES,
  type ErrorCode,
  errorInfoSchema,
  jsonObjectSchema,
  messageRequestSchema,
  messageResponseSchema,
} from '@byosd/core';
import * as z from 'zod/mini';
import { PROTOCOL_VERSION } from './version.js';

/** The frames the gateway sends; the proxy desk parses every one with `serverFrameSchema`. */

/**
 * The issue message (of an INVALID_INPUT nack) for a file the gateway does not hold: never uploaded, evicted, or
 * lost when another gateway instance took the chat over. The client uploads it again.
 */
export const FILE_NOT_HELD = 'not held by the gateway: upload it first';

// ---- Results carried by `ack` ----

/** Parses `hello`'s result. */
export const helloResultSchema = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  /** True when the connection is bound to the resumed chat; its missed events follow the ack. */
  resumed: z.boolean(),
  chatId: z.optional(z.string()),
  state: z.optional(chatStateSchema),
  /** The largest client frame the gateway accepts, in bytes: files are cut into pieces that fit. */
  maxFrameBytes: z.optional(z.int().check(z.positive())),
});

/** What the gateway holds of a file after a `file` frame. */
export const fileResultSchema = z.object({ received: z.int().check(z.nonnegative()) });

/** Parses `start`'s result. */
export const startResultSchema = z.object({
  chatId: z.string().check(z.minLength(1)),
  /** The secret that resumes this chat. Keep it like a password (session storage); the gateway stores only its hash. */
  token: z.string().check(z.minLength(1)),
});

/** Parses `availability`'s result: null when unknown. */
export const availabilityResultSchema = z.object({ online: z.nullable(z.boolean()) });

/** The co-browse session configuration, with Live Assist's field names. */
export const cobrowseResultSchema = z.object({
  shortCode: z.string().check(z.minLength(1)),
  'session-token': z.string().check(z.minLength(1)),
  cid: z.string().check(z.minLength(1)),
  scaleFactor: z.number().check(z.positive()),
});

/** What `hello`'s ack carries. */
export type HelloResult = z.infer<typeof helloResultSchema>;
/** What `start`'s ack carries. */
export type StartResult = z.infer<typeof startResultSchema>;
/** What `availability`'s ack carries. */
export type AvailabilityResult = z.infer<typeof availabilityResultSchema>;
/** What `cobrowse`'s ack carries. */
export type CobrowseResult = z.infer<typeof cobrowseResultSchema>;
/** What `file`'s ack carries. */
export type FileResult = z.infer<typeof fileResultSchema>;

// ---- Server frames ----

/** An error as it travels to the client: a stable code (core's `ErrorCode`) and a message for people. */
export const wireErrorSchema = z.object({
  code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  isRetryable: z.optional(z.boolean()),
  retryAfterMs: z.optional(z.int().check(z.nonnegative())),
  /** For INVALID_INPUT: each bad field of the frame. */
  issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});
/** An error as it travels to the client. */
export type WireError = z.infer<typeof wireErrorSchema>;

const place = { chatId: z.string(), seq: z.int().check(z.positive()), at: z.number() };

/**
 * A chat event as the client receives it: the chat session's events, except `updatePersistedState`, which holds
 * the adapter's resume data (possibly backend credentials) and stays on the gateway. So seqs may have gaps.
 */
export const wireEventSchema = z.discriminatedUnion('type', [
  z.object({ ...place, type: z.literal('agentJoined'), profile: agentProfileSchema }),
  z.object({ ...place, type: z.literal('agentLeftChat') }),
  z.object({ ...place, type: z.literal('agentEndedChat') }),
  z.object({ ...place, type: z.literal('agentTyping'), isTyping: z.boolean() }),
  z.object({ ...place, type: z.literal('sendMessageToUser'), message: messageResponseSchema, agentId: z.string() }),
  z.object({ ...place, type: z.literal('agentReadMessages') }),
  z.object({ ...place, type: z.literal('beginTransferToAnotherAgent'), profile: z.optional(agentProfileSchema) }),
  z.object({ ...place, type: z.literal('updateAgentAvailability'), availability: agentAvailabilitySchema }),
  z.object({ ...place, type: z.literal('setErrorStatus'), info: errorInfoSchema }),
  z.object({ ...place, type: z.literal('setFileUploadStatus'), fileId: z.string(), isError: z.boolean(), errorMessage: z.optional(z.string()) }),
  z.object({ ...place, type: z.literal('updateCapabilities'), capabilities: chatCapabilitiesSchema }),
  z.object({ ...place, type: z.literal('chatStateChanged'), state: chatStateSchema, previous: chatStateSchema }),
  z.object({ ...place, type: z.literal('userMessageSent'), messageId: z.string(), message: messageRequestSchema }),
]);
/** A chat event as the client receives it. */
export type WireEvent = z.infer<typeof wireEventSchema>;

/** Parses an `ack` frame: the frame `id` was handled. */
export const ackFrameSchema = z.object({ type: z.literal('ack'), id: z.string(), result: z.optional(jsonObjectSchema) });
/** Parses a `nack` frame: the frame `id` failed. */
export const nackFrameSchema = z.object({ type: z.literal('nack'), id: z.string(), error: wireErrorSchema });
/** Parses an `event` frame. */
export const eventFrameSchema = z.object({ type: z.literal('event'), event: wireEventSchema });
/** A frame the server refused before acting on it (unparseable, too large, rate-limited); `id` when it could be read. */
export const errorFrameSchema = z.object({ type: z.literal('error'), id: z.optional(z.string()), error: wireErrorSchema });

/** Parses any server frame. */
export const serverFrameSchema = z.discriminatedUnion('type', [ackFrameSchema, nackFrameSchema, eventFrameSchema, errorFrameSchema]);

/** The gateway handled a frame. */
export type AckFrame = z.infer<typeof ackFrameSchema>;
/** A frame failed. */
export type NackFrame = z.infer<typeof nackFrameSchema>;
/** A chat event. */
export type EventFrame = z.infer<typeof eventFrameSchema>;
/** The gateway refused a frame before handling it. */
export type ErrorFrame = z.infer<typeof errorFrameSchema>;
/** Any frame the gateway sends. */
export type ServerFrame = z.infer<typeof serverFrameSchema>;

/** WebSocket close codes the gateway uses. */
export const CloseCode = {
  /** A binary frame arrived: frames are JSON text. */
  UNSUPPORTED_DATA: 1003,
  /** ws closes with this itself when a text frame is not valid UTF-8. */
  INVALID_PAYLOAD: 1007,
  /** More refused frames wait for their answer than a connection may queue (a client flooding while a reply is due). */
  POLICY_VIOLATION: 1008,
  /** ws closes with this itself when a frame exceeds 4x maxFrameBytes; it is not even buffered. */
  MESSAGE_TOO_BIG: 1009,
  /** The gateway is shutting down or restarting: reconnect (elsewhere) and resume. */
  SERVICE_RESTART: 1012,
  /** Another connection resumed this chat. */
  REPLACED: 4000,
  /** The chat has ended; nothing more will come. */
  CHAT_ENDED: 4001,
  /** The connection did not send `hello` in time after it opened (`helloTimeoutMs`): reconnect and say hello at once. */
  HELLO_TIMEOUT: 4002,
} as const;
