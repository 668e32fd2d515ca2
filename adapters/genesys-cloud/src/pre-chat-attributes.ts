import { ErrorCode, type JsonObject, ServiceDeskError } from '@byosd/core';
import { MAX_CUSTOM_DATA_BYTES } from '../protocol/error-codes.js';
import { TOPIC_ATTRIBUTE } from '../protocol/custom-attributes.js';

/**
 * Turns the user's question and the pre-chat data into Genesys custom attributes (string values only; others as
 * JSON) and refuses them with INVALID_INPUT, before anything is sent, when they exceed the 2048 bytes Genesys
 * accepts (it would answer 4013).
 */
export function preChatAttributes(topic: string, preChat: JsonObject | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(preChat ?? {})) {
    if (value !== undefined) attributes[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  attributes[TOPIC_ATTRIBUTE] = topic;
  assertCustomAttributesSize(attributes);
  return attributes;
}

export function assertCustomAttributesSize(attributes: Record<string, string>): void {
  const bytes = new TextEncoder().encode(JSON.stringify(attributes)).length;
  if (bytes <= MAX_CUSTOM_DATA_BYTES) return;
  throw new ServiceDeskError(ErrorCode.INVALID_INPUT, `Custom attributes are ${bytes} bytes as JSON; Genesys Cloud accepts at most ${MAX_CUSTOM_DATA_BYTES}`, {
    issues: [{ path: 'preStartChatPayload', message: `over ${MAX_CUSTOM_DATA_BYTES} bytes as custom attributes` }],
  });
}
