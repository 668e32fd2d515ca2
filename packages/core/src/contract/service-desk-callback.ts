import type { AgentAvailability } from './agent-availability.js';
import type { AgentProfile } from './agent-profile.js';
import type { ChatCapabilities } from './chat-capabilities.js';
import type { ErrorInfo } from './error-info.js';
import type { JsonObject } from './json.js';
import type { MessageResponse } from './message-response.js';

/**
 * What an adapter reports about the chat. The chat session hands each adapter an implementation that checks the
 * lifecycle, drops duplicates and anything after the end, and publishes every accepted call on the chat's bus
 * with a `seq`. Adapters call these; they never throw back into the adapter.
 *
 * The names and arguments are IBM web chat's and Carbon AI Chat 1.9's `ServiceDeskCallback`, except that Carbon's
 * return Promises (byosd's return nothing: the bus orders the events, and `@byosd/carbon` queues Carbon's calls so
 * they run in that order), Carbon's `updateAgentAvailability` takes camelCase fields, its `setErrorStatus` numeric
 * types, its `agentJoined` a profile with `user_type`. Carbon's screen-sharing calls have no byosd counterpart.
 */
export interface ServiceDeskCallback {
  /** An agent joined (the first one, or the new one after a transfer). Moves the chat to `connected`. */
  agentJoined(profile: AgentProfile): void;

  /** The agent left but the chat goes on (another agent may join). Moves the chat to `agent-left`. */
  agentLeftChat(): void;

  /** The agent ended the chat. The last event of a chat: nothing follows it. */
  agentEndedChat(): void;

  /** The agent started or stopped typing. */
  agentTyping(isTyping: boolean): void;

  /**
   * A message from the agent. Set `message.id` to the backend's message id: a second message with the same id
   * is dropped. Messages must be reported in backend order.
   */
  sendMessageToUser(message: MessageResponse | string, agentId: string): void;

  /** The agent has read every user message so far. */
  agentReadMessages(): void;

  /** The chat is being handed to another agent; `agentJoined` with that agent must follow. */
  beginTransferToAnotherAgent(profile?: AgentProfile): void;

  /** The user's place in the queue, the expected wait, or a message about availability changed. */
  updateAgentAvailability(availability: AgentAvailability): void;

  /** Something went wrong (or came right again: DISCONNECTED with `isDisconnected: false`). */
  setErrorStatus(info: ErrorInfo): void;

  /** A picked file was accepted (`isError` false) or rejected, with a message for the user. */
  setFileUploadStatus(fileId: string, isError?: boolean, errorMessage?: string): void;

  /** What the chat UI may offer changed. */
  updateCapabilities(capabilities: ChatCapabilities): void;

  /**
   * The adapter's resume data changed (a backend token, a conversation id, the last event id seen). With `merge`
   * true (the default) it is merged into what was persisted before, otherwise it replaces it.
   */
  updatePersistedState(state: JsonObject, merge?: boolean): void;
}
