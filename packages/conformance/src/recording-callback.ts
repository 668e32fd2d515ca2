import { type AgentProfile, type ChatEventBus, type JsonObject, type PersistedChat, SPEC_VERSION, type ServiceDeskCallback, textMessage } from '@byosd/core';

/** A service desk callback that records what the desk reported, for the raw mode. */
export interface RecordingCallback {
  callback: ServiceDeskCallback;
  /** What a host would persist from what the desk reported so far. */
  persisted(): PersistedChat;
}

/**
 * The callback of raw mode: publishes every call on `bus` exactly as the adapter made it, with no checks, no
 * deduplication and no lifecycle. When the agent ends the chat it calls `onAgentEnded`, as a host must (the chat
 * session calls `endChat({ endedByAgent: true })`).
 */
export function createRecordingCallback(bus: ChatEventBus, adapter: string, onAgentEnded: () => void): RecordingCallback {
  let desk: JsonObject = {};
  let agent: AgentProfile | undefined;
  const persisted = (): PersistedChat => ({
    specVersion: SPEC_VERSION,
    adapter,
    chatId: bus.chatId,
    state: agent ? 'connected' : 'queued',
    ...(agent ? { agent } : {}),
    desk,
  });
  const callback: ServiceDeskCallback = {
    agentJoined(profile) {
      agent = profile;
      bus.publish({ type: 'agentJoined', profile });
    },
    agentLeftChat() {
      agent = undefined;
      bus.publish({ type: 'agentLeftChat' });
    },
    agentEndedChat() {
      bus.publish({ type: 'agentEndedChat' });
      onAgentEnded();
    },
    agentTyping: (isTyping) => bus.publish({ type: 'agentTyping', isTyping }),
    sendMessageToUser: (message, agentId) =>
      bus.publish({ type: 'sendMessageToUser', message: typeof message === 'string' ? textMessage(message) : message, agentId }),
    agentReadMessages: () => bus.publish({ type: 'agentReadMessages' }),
    beginTransferToAnotherAgent: (profile) => bus.publish(profile ? { type: 'beginTransferToAnotherAgent', profile } : { type: 'beginTransferToAnotherAgent' }),
    updateAgentAvailability: (availability) => bus.publish({ type: 'updateAgentAvailability', availability }),
    setErrorStatus: (info) => bus.publish({ type: 'setErrorStatus', info }),
    setFileUploadStatus: (fileId, isError = false, errorMessage) =>
      bus.publish({ type: 'setFileUploadStatus', fileId, isError, ...(errorMessage === undefined ? {} : { errorMessage }) }),
    updateCapabilities: (capabilities) => bus.publish({ type: 'updateCapabilities', capabilities }),
    updatePersistedState(state, merge = true) {
      desk = merge ? { ...desk, ...state } : state;
      bus.publish({ type: 'updatePersistedState', state: persisted() });
    },
  };
  return { callback, persisted };
}
