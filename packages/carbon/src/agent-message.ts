import type { MessageResponse } from '@byosd/core';
import type { GenericItem, MessageResponse as CarbonMessageResponse } from '@carbon/ai-chat';

/**
 * An agent message as Carbon's `MessageResponse`: text and `inline_error` items are what Carbon shows from an
 * agent; byosd's text is markdown, as Carbon's. The backend's id is kept.
 */
export function toCarbonMessage(message: MessageResponse): CarbonMessageResponse {
  return {
    ...(message.id === undefined ? {} : { id: message.id }),
    output: { generic: message.output.generic.map((item) => ({ response_type: item.response_type, text: item.text }) as GenericItem) },
  };
}
