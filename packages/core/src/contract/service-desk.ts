import type { ConnectMessage } from './connect-message.js';
import type { EndChatInfo } from './end-chat-info.js';
import type { FileUpload } from './file-upload.js';
import type { MessageRequest } from './message-request.js';
import type { PersistedChat } from './persisted-state.js';
import type { ServiceDeskState } from './service-desk-state.js';
import type { StartChatOptions } from './start-chat-options.js';

/** Extra data sent with a user message. */
export interface SendMessageExtra {
  /** Files picked with `filesSelectedForUpload`, sent with this message. */
  filesToUpload?: FileUpload[];
}

/**
 * A service desk integration, contract version `byosd.v1`. An adapter implements the four required methods and
 * whichever optional ones its capability manifest declares. Adapters always run inside a chat session
 * (`loadServiceDesk`), which enforces the lifecycle, idempotency and ordering rules below; an adapter must still
 * honour them itself, because the conformance suite also checks adapters alone ("raw mode").
 *
 * Errors: every method rejects with a `ServiceDeskError`, whose `code` is stable (docs/errors.md).
 *
 * Lineage: the method names and arguments are those of IBM web chat's and Carbon AI Chat 1.9's `ServiceDesk`. Where
 * Carbon 1.9 differs (`@byosd/carbon` bridges each; docs/carbon-ai-chat.md): one Carbon desk serves many chats,
 * byosd runs one per chat; Carbon's `endChat` info is `{ endedByHumanAgent, preEndChatPayload: null }`; Carbon's
 * `reconnect()` takes no argument and the desk keeps its own state; Carbon has no capability manifest and infers
 * support from which optional methods exist; Carbon has `screenShareStop`, byosd has no screen sharing.
 */
export interface ServiceDesk {
  /** A short name for logs and the UI, at most 40 characters (Carbon AI Chat refuses a longer one). */
  getName(): string;

  /**
   * Asks the backend for an agent. Resolves once the backend has accepted the request (the user is queued), not
   * when an agent joins: `agentJoined` reports that later. If any step fails it rejects with a typed error and
   * leaves nothing half-open at the backend (a created conversation is closed again), so the user stays with
   * the bot and may try again.
   *
   * @throws BACKEND_UNAVAILABLE, BACKEND_REJECTED, UNAUTHORIZED, RATE_LIMITED, TIMEOUT when the backend fails.
   */
  startChat(connectMessage: ConnectMessage, options: StartChatOptions): Promise<void>;

  /**
   * Ends the chat at the backend. Idempotent: a second call resolves without doing anything. After it, no event
   * is emitted and every other call fails with CHAT_ENDED.
   */
  endChat(info?: EndChatInfo): Promise<void>;

  /**
   * Sends a user message. `messageId` is an idempotency key chosen by the caller: a retried call with the same id
   * never reaches the agent twice. Resolves once the backend has accepted the message.
   *
   * @throws INVALID_INPUT when the text is longer than the adapter's `maxMessageLength`; nothing is sent.
   */
  sendMessageToAgent(message: MessageRequest, messageId: string, extra?: SendMessageExtra): Promise<void>;

  /** Forwards a change of the user's state. Capability `stateUpdates`. */
  updateState?(state: ServiceDeskState): Promise<void> | void;

  /**
   * Whether any agent is online: `true`, `false`, or `null` when the backend cannot tell. The chat session gives up
   * after its availability timeout (5 s by default) and answers `null`. Capability `agentAvailability`.
   */
  areAnyAgentsOnline?(connectMessage: ConnectMessage): Promise<boolean | null>;

  /** Tells the agent whether the user is typing. Capability `userTyping`. */
  userTyping?(isTyping: boolean): Promise<void>;

  /** Tells the agent that the user has read every message so far. Capability `userReadReceipts`. */
  userReadMessages?(): Promise<void>;

  /**
   * The user picked files; the adapter checks them and reports each with `setFileUploadStatus` when it rejects
   * one. Capability `fileUploads`.
   */
  filesSelectedForUpload?(uploads: FileUpload[]): Promise<void> | void;

  /**
   * Resumes a chat that another desk instance started, from the state it persisted. Resolves true when the chat
   * was resumed (events missed meanwhile are then emitted, each once), false when it no longer exists at the
   * backend. Capability `resume`.
   */
  reconnect?(persisted: PersistedChat): Promise<boolean>;
}

/** The optional methods, by name. */
export type OptionalServiceDeskMethod = 'updateState' | 'areAnyAgentsOnline' | 'userTyping' | 'userReadMessages' | 'filesSelectedForUpload' | 'reconnect';

/** The {@link ServiceDesk} methods an adapter may leave out. */
export const OPTIONAL_SERVICE_DESK_METHODS = [
  'updateState',
  'areAnyAgentsOnline',
  'userTyping',
  'userReadMessages',
  'filesSelectedForUpload',
  'reconnect',
] as const satisfies readonly OptionalServiceDeskMethod[];

/** The {@link ServiceDesk} methods every adapter has. */
export const REQUIRED_SERVICE_DESK_METHODS = ['getName', 'startChat', 'endChat', 'sendMessageToAgent'] as const satisfies readonly (keyof ServiceDesk)[];
