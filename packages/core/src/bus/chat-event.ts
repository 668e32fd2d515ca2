import type { AgentAvailability } from '../contract/agent-availability.js';
import type { AgentProfile } from '../contract/agent-profile.js';
import type { ChatCapabilities } from '../contract/chat-capabilities.js';
import type { ChatState } from '../contract/chat-state.js';
import type { ErrorInfo } from '../contract/error-info.js';
import type { MessageRequest } from '../contract/message-request.js';
import type { MessageResponse } from '../contract/message-response.js';
import type { PersistedChat } from '../contract/persisted-state.js';

/**
 * What happened in a chat, as published on its bus. The agent-side events are named after the
 * `ServiceDeskCallback` method that reported them; two more come from the chat session itself:
 * `chatStateChanged` (the lifecycle moved) and `userMessageSent` (the backend accepted a user message), so that
 * a subscriber can rebuild the whole transcript from the events alone.
 */
export type ChatEventBody =
  | { type: 'agentJoined'; profile: AgentProfile }
  | { type: 'agentLeftChat' }
  | { type: 'agentEndedChat' }
  | { type: 'agentTyping'; isTyping: boolean }
  | { type: 'sendMessageToUser'; message: MessageResponse; agentId: string }
  | { type: 'agentReadMessages' }
  | { type: 'beginTransferToAnotherAgent'; profile?: AgentProfile }
  | { type: 'updateAgentAvailability'; availability: AgentAvailability }
  | { type: 'setErrorStatus'; info: ErrorInfo }
  | { type: 'setFileUploadStatus'; fileId: string; isError: boolean; errorMessage?: string }
  | { type: 'updateCapabilities'; capabilities: ChatCapabilities }
  | { type: 'updatePersistedState'; state: PersistedChat }
  | { type: 'chatStateChanged'; state: ChatState; previous: ChatState }
  | { type: 'userMessageSent'; messageId: string; message: MessageRequest };

/** The type of a chat event. */
export type ChatEventType = ChatEventBody['type'];

/** A published event: the body plus its place in the chat. */
export type ChatEvent = ChatEventBody & {
  chatId: string;
  /** 1 for the chat's first event, then +1 for each: gap-free and monotonic. */
  seq: number;
  /** When it was published, in milliseconds since the epoch. */
  at: number;
};

/** Narrows a chat event by type. */
export type ChatEventOf<T extends ChatEventType> = Extract<ChatEvent, { type: T }>;
