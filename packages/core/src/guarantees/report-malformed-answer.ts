import type { ServiceDeskCallback } from '../contract/service-desk-callback.js';
import { ErrorCode } from '../errors/error-codes.js';
import { isServiceDeskError } from '../errors/service-desk-error.js';

/**
 * Tells the user side when a backend's answer broke its protocol (`PROTOCOL_ERROR`, from a response that failed
 * its schema), as `setErrorStatus({ type: 'PROTOCOL_ERROR' })`: the chat goes on, and the host sees what was
 * skipped instead of a chat that silently stopped hearing its backend. Resolves whether `error` was one; other
 * failures are the caller's to handle.
 */
export function reportMalformedAnswer(callback: Pick<ServiceDeskCallback, 'setErrorStatus'>, error: unknown): boolean {
  if (!isServiceDeskError(error, ErrorCode.PROTOCOL_ERROR)) return false;
  callback.setErrorStatus({ type: 'PROTOCOL_ERROR', logInfo: error.message });
  return true;
}
