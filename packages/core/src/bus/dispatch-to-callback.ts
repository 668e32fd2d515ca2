import type { ServiceDeskCallback } from '../contract/service-desk-callback.js';
import type { ChatEvent } from './chat-event.js';

/**
 * Calls the `ServiceDeskCallback` method that an event stands for, so that a widget written against the callback
 * interface can subscribe to a bus (or to the gateway) unchanged. Session-only events (`chatStateChanged`,
 * `userMessageSent`) have no callback method and are skipped, and so is `updatePersistedState`:
 * its event carries the whole `PersistedChat`, which a widget stores as it is.
 */
export function dispatchToCallback(event: ChatEvent, callback: Partial<ServiceDeskCallback>): void {
  switch (event.type) {
    case 'agentJoined':
      return callback.agentJoined?.(event.profile);
    case 'agentLeftChat':
      return callback.agentLeftChat?.();
    case 'agentEndedChat':
      return callback.agentEndedChat?.();
    case 'agentTyping':
      return callback.agentTyping?.(event.isTyping);
    case 'sendMessageToUser':
      return callback.sendMessageToUser?.(event.message, event.agentId);
    case 'agentReadMessages':
      return callback.agentReadMessages?.();
    case 'beginTransferToAnotherAgent':
      return callback.beginTransferToAnotherAgent?.(event.profile);
    case 'updateAgentAvailability':
      return callback.updateAgentAvailability?.(event.availability);
    case 'setErrorStatus':
      return callback.setErrorStatus?.(event.info);
    case 'setFileUploadStatus':
      return callback.setFileUploadStatus?.(event.fileId, event.isError, event.errorMessage);
    case 'updateCapabilities':
      return callback.updateCapabilities?.(event.capabilities);
    case 'updatePersistedState':
    case 'chatStateChanged':
    case 'userMessageSent':
      return;
  }
}
