import type { ChatEvent } from '@byosd/core';
import type { ServiceDeskCallback } from '@carbon/ai-chat';
import { toCarbonAvailability } from './agent-availability.js';
import { toCarbonMessage } from './agent-message.js';
import { toCarbonProfile } from './agent-profile.js';
import type { CallbackQueue } from './callback-queue.js';
import { toCarbonErrorInfo } from './error-info.js';

export interface ForwardContext {
  carbon: ServiceDeskCallback;
  queue: CallbackQueue;
  /**
   * A start is in flight. Its failure reaches Carbon as the rejection of `startChat`, after which Carbon reports
   * CONNECTING itself: the session's own CONNECTING report would show the error twice.
   */
  starting: boolean;
}

/**
 * Hands one byosd event to Carbon's callback, through the queue so that Carbon sees the events in their order.
 * The session's own bookkeeping events (state changes, persisted state, accepted user messages) have no Carbon
 * callback: the bridge keeps them in its persisted state instead.
 */
export function forwardEvent(event: ChatEvent, { carbon, queue, starting }: ForwardContext): void {
  switch (event.type) {
    case 'agentJoined':
      void queue.run('agentJoined', () => carbon.agentJoined(toCarbonProfile(event.profile)));
      break;
    case 'agentLeftChat':
      void queue.run('agentLeftChat', () => carbon.agentLeftChat());
      break;
    case 'agentEndedChat':
      void queue.run('agentEndedChat', () => carbon.agentEndedChat());
      break;
    case 'agentTyping':
      void queue.run('agentTyping', () => carbon.agentTyping(event.isTyping));
      break;
    case 'sendMessageToUser':
      void queue.run('sendMessageToUser', () => carbon.sendMessageToUser(toCarbonMessage(event.message), event.agentId));
      break;
    case 'agentReadMessages':
      void queue.run('agentReadMessages', () => carbon.agentReadMessages());
      break;
    case 'beginTransferToAnotherAgent':
      void queue.run('beginTransferToAnotherAgent', () => carbon.beginTransferToAnotherAgent(event.profile ? toCarbonProfile(event.profile) : undefined));
      break;
    case 'updateAgentAvailability':
      void queue.run('updateAgentAvailability', () => carbon.updateAgentAvailability(toCarbonAvailability(event.availability)));
      break;
    case 'setErrorStatus': {
      if (event.info.type === 'CONNECTING' && starting) break;
      const info = toCarbonErrorInfo(event.info);
      if (info) void queue.run('setErrorStatus', () => carbon.setErrorStatus(info));
      else console.warn(`byosd: the backend sent something the adapter skipped (${event.info.type}): ${event.info.logInfo ?? ''}`);
      break;
    }
    case 'setFileUploadStatus':
      void queue.run('setFileUploadStatus', () => carbon.setFileUploadStatus(event.fileId, event.isError, event.errorMessage));
      break;
    case 'updateCapabilities':
      void queue.run('updateCapabilities', () => carbon.updateCapabilities(event.capabilities));
      break;
    case 'updatePersistedState':
    case 'chatStateChanged':
    case 'userMessageSent':
      break;
  }
}
