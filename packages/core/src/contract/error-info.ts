import * as z from 'zod/mini';

/**
 * The kinds of error a widget shows. The names are those of IBM web chat's and Carbon AI Chat 1.9's `ErrorType`;
 * the values are not: theirs is a numeric enum (CONNECTING 1, DISCONNECTED 2, USER_MESSAGE 3), byosd's are these
 * strings, and PROTOCOL_ERROR is byosd's alone. `@byosd/carbon` maps them and only logs PROTOCOL_ERROR
 * (docs/carbon-ai-chat.md).
 */
export const ErrorType = {
  /** The chat could not be started or connected. */
  CONNECTING: 'CONNECTING',
  /** The connection to the backend was lost (`isDisconnected: true`) or came back (`isDisconnected: false`). */
  DISCONNECTED: 'DISCONNECTED',
  /** One user message could not be delivered; the chat goes on. */
  USER_MESSAGE: 'USER_MESSAGE',
  /**
   * The backend sent something the adapter could not understand (a malformed frame or webhook). It was skipped
   * and the chat goes on. For operators: widgets need not show it.
   */
  PROTOCOL_ERROR: 'PROTOCOL_ERROR',
} as const;
export type ErrorType = (typeof ErrorType)[keyof typeof ErrorType];

/** The chat could not be connected to the backend. */
export interface ConnectingErrorInfo {
  type: typeof ErrorType.CONNECTING;
  /** Shown to the user instead of the default text. */
  messageToUser?: string;
  /** For logs only; never shown. */
  logInfo?: string;
}

/** The connection to the backend was lost (`isDisconnected: true`) or came back (`false`). */
export interface DisconnectedErrorInfo {
  type: typeof ErrorType.DISCONNECTED;
  /** True when the connection was lost, false when it has come back. */
  isDisconnected: boolean;
  logInfo?: string;
}

/** A user message could not be delivered. */
export interface UserMessageErrorInfo {
  type: typeof ErrorType.USER_MESSAGE;
  /** The `messageId` of the user message that failed (Carbon 1.9 spells it `messageID`). */
  messageId: string;
  logInfo?: string;
}

/** The backend sent something the adapter could not understand. */
export interface ProtocolErrorInfo {
  type: typeof ErrorType.PROTOCOL_ERROR;
  logInfo: string;
}

/** What went wrong, as `setErrorStatus` reports it. */
export type ErrorInfo = ConnectingErrorInfo | DisconnectedErrorInfo | UserMessageErrorInfo | ProtocolErrorInfo;

/** Parses an {@link ErrorInfo}. */
export const errorInfoSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('CONNECTING'), messageToUser: z.optional(z.string()), logInfo: z.optional(z.string()) }),
  z.object({ type: z.literal('DISCONNECTED'), isDisconnected: z.boolean(), logInfo: z.optional(z.string()) }),
  z.object({ type: z.literal('USER_MESSAGE'), messageId: z.string(), logInfo: z.optional(z.string()) }),
  z.object({ type: z.literal('PROTOCOL_ERROR'), logInfo: z.string() }),
]);
