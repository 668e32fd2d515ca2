import type { MessageRequest, SendMessageExtra } from '@byosd/core';
import type { AdditionalDataToAgent, MessageRequest as CarbonMessageRequest } from '@carbon/ai-chat';

/** What the bridge sends for one Carbon user message: byosd's message and, when there are files, the files. */
export interface ByosdUserMessage {
  message: MessageRequest;
  extra: SendMessageExtra;
}

/**
 * Carbon's user message as byosd's. byosd requires text and Carbon sends none when the user sends only files:
 * the text is then the files' names ("invoice.pdf, photo.jpg"), so that the agent reads what arrived even where a
 * backend shows the text beside its attachments, and the files travel in `filesToUpload` as ever. Carbon's own
 * fields (`agent_message_type`, `history`) stay behind.
 */
export function toByosdUserMessage(message: CarbonMessageRequest, additionalData: AdditionalDataToAgent | undefined): ByosdUserMessage {
  const files = additionalData?.filesToUpload ?? [];
  const typed = typeof message.input.text === 'string' ? message.input.text : '';
  const text = typed.trim().length > 0 || files.length === 0 ? typed : files.map((upload) => upload.file.name).join(', ');
  return {
    message: { input: { message_type: 'text', text } },
    extra: files.length > 0 ? { filesToUpload: files.map((upload) => ({ id: upload.id, file: upload.file })) } : {},
  };
}
