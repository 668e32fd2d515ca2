/**
 * Stable error codes. Messages may change between versions; codes do not. docs/errors.md lists each one, and a
 * test keeps that page and this list in step.
 */
export const ErrorCode = {
  /** Adapter options failed validation; the message names every bad field. */
  INVALID_OPTIONS: 'INVALID_OPTIONS',
  /** A call's arguments failed validation (a message too long, a malformed frame field). */
  INVALID_INPUT: 'INVALID_INPUT',
  /** The call is not allowed in the chat's current state (e.g. sending before `startChat`). */
  INVALID_STATE: 'INVALID_STATE',
  /** The chat has ended; nothing more can be done with it. */
  CHAT_ENDED: 'CHAT_ENDED',
  /** The adapter does not implement this optional method (its capability is not declared). */
  NOT_SUPPORTED: 'NOT_SUPPORTED',
  /** No adapter is registered under that name, and none could be loaded from it as a module. */
  UNKNOWN_ADAPTER: 'UNKNOWN_ADAPTER',
  /** A plugin breaks the contract: wrong spec version, or methods its capabilities need are missing. */
  INVALID_PLUGIN: 'INVALID_PLUGIN',
  /** The backend could not be reached or failed (network error, 5xx). Retryable. */
  BACKEND_UNAVAILABLE: 'BACKEND_UNAVAILABLE',
  /** The backend refused the request (4xx other than those below). Not retryable as it is. */
  BACKEND_REJECTED: 'BACKEND_REJECTED',
  /** The backend asks to slow down (429); `retryAfterMs` says for how long when it told. Retryable. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** No answer in time. Retryable. */
  TIMEOUT: 'TIMEOUT',
  /** The backend refused the credentials (401, 403), or a webhook signature did not verify. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The backend sent something that does not follow its protocol (a malformed frame or body). */
  PROTOCOL_ERROR: 'PROTOCOL_ERROR',
  /** Events before the requested `seq` are no longer held, so an exact replay is impossible. */
  REPLAY_UNAVAILABLE: 'REPLAY_UNAVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Every {@link ErrorCode}. */
export const ERROR_CODES = Object.values(ErrorCode);

const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set([ErrorCode.BACKEND_UNAVAILABLE, ErrorCode.RATE_LIMITED, ErrorCode.TIMEOUT]);

/** Whether an error with this code may succeed if the same call is tried again later. */
export function isRetryableCode(code: ErrorCode): boolean {
  return RETRYABLE_CODES.has(code);
}
