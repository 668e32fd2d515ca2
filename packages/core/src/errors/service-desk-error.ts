import type { ChatState } from '../contract/chat-state.js';
import { type ErrorCode, isRetryableCode } from './error-codes.js';

/** What a {@link ServiceDeskError} carries besides its code and message. */
export interface ServiceDeskErrorOptions {
  /** The underlying error (an axios error, a zod error, a socket error). */
  cause?: unknown;
  /** Overrides the code's default (see `isRetryableCode`). */
  isRetryable?: boolean;
  /** How long the backend asked to wait before trying again. */
  retryAfterMs?: number;
  /** The HTTP status or backend code that caused it, when there was one. */
  status?: number;
  /** The chat's state when an INVALID_STATE / CHAT_ENDED error was raised. */
  state?: ChatState;
  /** For INVALID_OPTIONS / INVALID_INPUT: each bad field, as a dotted path, with what is wrong with it. */
  issues?: ReadonlyArray<{ path: string; message: string }>;
}

/**
 * The one error type every byosd API rejects with. Branch on `code`, which is stable; the message is for people.
 */
export class ServiceDeskError extends Error {
  override readonly name = 'ServiceDeskError';
  readonly code: ErrorCode;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly state: ChatState | undefined;
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(code: ErrorCode, message: string, options: ServiceDeskErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.isRetryable = options.isRetryable ?? isRetryableCode(code);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.state = options.state;
    this.issues = options.issues ?? [];
  }

  /** A plain object for logs and wire frames (no stack, no cause chain). */
  toJSON(): { code: ErrorCode; message: string; isRetryable: boolean; retryAfterMs?: number; status?: number } {
    return {
      code: this.code,
      message: this.message,
      isRetryable: this.isRetryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}

/** Whether `error` is a `ServiceDeskError`, optionally with the given code. Works across package copies. */
export function isServiceDeskError(error: unknown, code?: ErrorCode): error is ServiceDeskError {
  if (!(error instanceof Error) || error.name !== 'ServiceDeskError' || !('code' in error)) return false;
  return code === undefined || (error as ServiceDeskError).code === code;
}
