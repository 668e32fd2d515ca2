import { ErrorCode, isServiceDeskError, ServiceDeskError } from '@byosd/core';
import type { WireError } from './server-frames.js';

/** An error as the client receives it. Anything that is not a `ServiceDeskError` is hidden behind a generic one. */
export function toWireError(error: unknown): WireError {
  if (!isServiceDeskError(error)) {
    return { code: ErrorCode.BACKEND_UNAVAILABLE, message: 'The gateway failed to handle the frame', isRetryable: true };
  }
  return {
    code: error.code,
    message: error.message,
    isRetryable: error.isRetryable,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.issues.length > 0 ? { issues: [...error.issues] } : {}),
  };
}

/** The `ServiceDeskError` a wire error stands for, so a proxy desk rejects exactly as a local adapter would. */
export function fromWireError(error: WireError): ServiceDeskError {
  return new ServiceDeskError(error.code, error.message, {
    ...(error.isRetryable === undefined ? {} : { isRetryable: error.isRetryable }),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    ...(error.issues === undefined ? {} : { issues: error.issues }),
  });
}
