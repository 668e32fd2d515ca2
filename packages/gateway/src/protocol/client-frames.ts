import { type ConnectMessage, connectMessageSchema, endChatInfoSchema, jsonObjectSchema, messageRequestSchema, serviceDeskStateSchema } from '@byosd/core';
import * as z from 'zod/mini';
import { PROTOCOL_VERSION } from './version.js';

/** The frames a widget sends; the gateway parses every one with `clientFrameSchema`. */

/** Core's schema checks a connect message's shape loosely (unknown items pass); its type is the contract's. */
const connectMessageFieldSchema = connectMessageSchema as unknown as z.ZodMiniType<ConnectMessage>;

/** The longest frame id; an `error` frame echoes a longer one cut to this length. */
export const MAX_FRAME_ID_LENGTH = 128;

/** Every client frame carries an id of the client's choosing; the server answers it with `ack` or `nack`. */
const frameId = z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(MAX_FRAME_ID_LENGTH, `must be at most ${MAX_FRAME_ID_LENGTH} characters`));

/** Parses a `hello` frame: the first on a connection, resuming a chat or not. */
export const helloFrameSchema = z.object({
  type: z.literal('hello'),
  id: frameId,
  protocol: z.literal(PROTOCOL_VERSION),
  /** Present when the client resumes a chat (after a page reload or a dropped connection). */
  resume: z.optional(
    z.object({
      chatId: z.string().check(z.minLength(1)),
      token: z.string().check(z.minLength(1)),
      /** The seq of the last event the client received; the server sends every later one. */
      lastSeq: z.int().check(z.nonnegative()),
    }),
  ),
});

/** Parses a `start` frame: starts a chat with an adapter. */
export const startFrameSchema = z.object({
  type: z.literal('start'),
  id: frameId,
  /** The adapter to hand the chat to; its options are configured on the gateway, never sent by the client. */
  adapter: z.string().check(z.minLength(1)),
  connectMessage: connectMessageFieldSchema,
  preStartChatPayload: z.optional(jsonObjectSchema),
});

/** A file's id, chosen by the client (the widget's `FileUpload.id`). */
const fileId = z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(128, 'must be at most 128 characters'));

/** How many files one `send` or `files` frame may name. */
export const MAX_FILES_PER_FRAME = 20;

const fileIds = z
  .array(fileId)
  .check(z.minLength(1, 'must name at least one file'), z.maxLength(MAX_FILES_PER_FRAME, `must name at most ${MAX_FILES_PER_FRAME} files`));

/** Parses a `send` frame: a user message. */
export const sendFrameSchema = z.object({
  type: z.literal('send'),
  id: frameId,
  /** The idempotency key of the message: a resent frame with the same messageId reaches the agent once. */
  messageId: z.string().check(z.minLength(1)),
  message: messageRequestSchema,
  /** Files uploaded before (`file` frames) that go with this message. */
  fileIds: z.optional(fileIds),
});

/**
 * One piece of a file the user picked, in order: the bytes from `offset`, base64-encoded. Every piece repeats the
 * file's name, type and size. A piece the gateway holds already is acknowledged again (a resend after a drop).
 */
export const fileFrameSchema = z.object({
  type: z.literal('file'),
  id: frameId,
  fileId,
  name: z.string().check(z.minLength(1, 'must not be empty'), z.maxLength(255, 'must be at most 255 characters')),
  /** The file's media type; empty when unknown. */
  mimeType: z.string().check(z.maxLength(255, 'must be at most 255 characters')),
  /** The whole file's size in bytes. */
  size: z.int().check(z.nonnegative()),
  offset: z.int().check(z.nonnegative()),
  data: z.base64('must be base64'),
});

/** The user picked these files (uploaded with `file` frames): the adapter checks them and reports each one's status. */
export const filesFrameSchema = z.object({ type: z.literal('files'), id: frameId, fileIds });

/** Parses a `typing` frame: the user started or stopped typing. */
export const typingFrameSchema = z.object({ type: z.literal('typing'), id: frameId, isTyping: z.boolean() });

/** Parses a `read` frame: the user has read every agent message so far. */
export const readFrameSchema = z.object({ type: z.literal('read'), id: frameId });

/** Parses an `end` frame: the user ends the chat. */
export const endFrameSchema = z.object({ type: z.literal('end'), id: frameId, info: z.optional(endChatInfoSchema) });

/** Parses an `availability` frame: are agents online? */
export const availabilityFrameSchema = z.object({
  type: z.literal('availability'),
  id: frameId,
  /** Which adapter to ask when no chat is bound to the connection yet. */
  adapter: z.optional(z.string().check(z.minLength(1))),
  connectMessage: connectMessageFieldSchema,
});

/** Parses a `state` frame: the user's state changed. */
export const stateFrameSchema = z.object({ type: z.literal('state'), id: frameId, state: serviceDeskStateSchema });

/** The user asks to co-browse: the gateway creates a short code, tells the agent, and answers the session. */
export const cobrowseFrameSchema = z.object({ type: z.literal('cobrowse'), id: frameId });

/** Parses any client frame. */
export const clientFrameSchema = z.discriminatedUnion('type', [
  helloFrameSchema,
  startFrameSchema,
  sendFrameSchema,
  typingFrameSchema,
  readFrameSchema,
  endFrameSchema,
  availabilityFrameSchema,
  stateFrameSchema,
  cobrowseFrameSchema,
  fileFrameSchema,
  filesFrameSchema,
]);

/** Any frame a widget sends. */
export type ClientFrame = z.infer<typeof clientFrameSchema>;
/** The type of a client frame. */
export type ClientFrameType = ClientFrame['type'];
/** The client frame of type `T`. */
export type ClientFrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;
