import { ErrorCode } from '../errors/error-codes.js';
import { ServiceDeskError } from '../errors/service-desk-error.js';
import type { MessageRequest } from '../contract/message-request.js';

/**
 * Refuses a user message longer than `limit` UTF-16 code units (an adapter's `maxMessageLength`) with
 * INVALID_INPUT naming `input.text`, before anything is sent. The chat session checks every message; an adapter
 * calls it too, because the contract holds for the adapter alone.
 */
export function assertMessageLength(message: MessageRequest, limit: number, backendName: string): void {
  const length = message.input.text.length;
  if (length <= limit) return;
  throw new ServiceDeskError(ErrorCode.INVALID_INPUT, `Message is ${length} characters long; ${backendName} accepts at most ${limit}`, {
    issues: [{ path: 'input.text', message: `longer than ${limit} characters` }],
  });
}
