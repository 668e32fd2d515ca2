import { ErrorCode, ServiceDeskError } from '@byosd/core';
import { GenesysErrorCode } from '../protocol/error-codes.js';
import type { ServerFrame } from '../protocol/server-frames.js';

type ErrorFrame = Extract<ServerFrame, { class: 'string' | 'TooManyRequestsErrorMessage' }>;

/** Whether a server frame is a refusal (an error string or the 429 answer). */
export function isErrorFrame(frame: ServerFrame): frame is ErrorFrame {
  return frame.class === 'string' || frame.class === 'TooManyRequestsErrorMessage';
}

/** Maps a Genesys refusal onto a ServiceDeskError with a stable code; `status` keeps the Genesys code. */
export function toServiceDeskError(frame: ErrorFrame, what: string): ServiceDeskError {
  if (frame.class === 'TooManyRequestsErrorMessage') {
    return new ServiceDeskError(ErrorCode.RATE_LIMITED, `Genesys Cloud refused ${what}: ${frame.body.errorMessage}`, {
      status: frame.code,
      retryAfterMs: Math.ceil(frame.body.retryAfter * 1000),
    });
  }
  const message = `Genesys Cloud refused ${what}: ${frame.code} ${frame.body}`;
  switch (frame.code) {
    case GenesysErrorCode.MESSAGE_TOO_LONG:
      return new ServiceDeskError(ErrorCode.INVALID_INPUT, message, {
        status: frame.code,
        issues: [{ path: 'input.text', message: 'too long for Genesys Cloud' }],
      });
    case GenesysErrorCode.CUSTOM_ATTRIBUTES_TOO_LARGE:
      return new ServiceDeskError(ErrorCode.INVALID_INPUT, message, {
        status: frame.code,
        issues: [{ path: 'preStartChatPayload', message: 'custom attributes too large' }],
      });
    case GenesysErrorCode.MISSING_PARAMETER:
      return new ServiceDeskError(ErrorCode.INVALID_INPUT, message, { status: frame.code });
    case GenesysErrorCode.RATE_LIMITED:
      return new ServiceDeskError(ErrorCode.RATE_LIMITED, message, { status: frame.code });
    default:
      // 5000 and any other 5xxx are the server's own failures; 4xxx are refusals of this request or session.
      return new ServiceDeskError(frame.code >= 5000 ? ErrorCode.BACKEND_UNAVAILABLE : ErrorCode.BACKEND_REJECTED, message, { status: frame.code });
  }
}

/** 4006 and 4007: the session is gone for good; reconnecting with the token cannot work. */
export function isSessionGone(error: unknown): boolean {
  return error instanceof ServiceDeskError && (error.status === GenesysErrorCode.SESSION_EXPIRED || error.status === GenesysErrorCode.SESSION_NOT_FOUND);
}
