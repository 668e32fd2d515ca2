import * as z from 'zod/mini';
import { ChatEventBus } from '../bus/chat-event-bus.js';
import { ErrorCode } from '../errors/error-codes.js';
import { isServiceDeskError, ServiceDeskError } from '../errors/service-desk-error.js';
import { parseOrThrow } from '../errors/zod-issues.js';
import type { AdapterPlugin } from '../contract/adapter-plugin.js';
import type { AgentProfile } from '../contract/agent-profile.js';
import type { ChatState } from '../contract/chat-state.js';
import { type ConnectMessage, connectMessageSchema } from '../contract/connect-message.js';
import { type EndChatInfo, endChatInfoSchema } from '../contract/end-chat-info.js';
import { type FileUpload, fileUploadSchema } from '../contract/file-upload.js';
import { type MessageRequest, messageRequestSchema } from '../contract/message-request.js';
import { type PersistedChat, persistedChatSchema } from '../contract/persisted-state.js';
import type { SendMessageExtra, ServiceDesk } from '../contract/service-desk.js';
import { type ServiceDeskState, serviceDeskStateSchema } from '../contract/service-desk-state.js';
import { type StartChatOptions, startChatOptionsSchema } from '../contract/start-chat-options.js';
import type { Logger } from '../util/logger.js';
import { assertMessageLength } from '../util/message-length.js';
import { withTimeout } from '../util/with-timeout.js';
import { IdempotentSends } from '../guarantees/idempotent-sends.js';
import type { WebhookHub } from '../webhooks/webhook-hub.js';
import type { AdapterStore } from '../plugins/adapter-store.js';
import { createGuardedCallback } from './guarded-callback.js';
import { SessionState } from './session-state.js';
import { assertCallable, LIVE_STATES } from './lifecycle.js';

/** What a {@link ChatSession} is made of. */
export interface ChatSessionOptions {
  plugin: AdapterPlugin;
  /** Options already parsed by the plugin's schema. */
  options: unknown;
  chatId: string;
  logger: Logger;
  webhookHub: WebhookHub;
  /** The host's store for the adapter's cross-chat data, passed on as `AdapterContext.store`. */
  store?: AdapterStore;
  /** How long `areAnyAgentsOnline` may take before it answers null. Default 5000. */
  availabilityTimeoutMs?: number;
  /** Events held for replay. Default 1000. */
  eventBufferSize?: number;
  /** The seq of the first event. A widget resuming a chat after a reload passes its last seq + 1. Default 1. */
  firstSeq?: number;
  /** The clock events are stamped with (`at`). Default `Date.now`. */
  now?: () => number;
  /**
   * The messageIds the agent already got in this chat from an earlier session (a gateway instance that hosted it
   * before): `sendMessageToAgent` with one of them resolves without reaching the agent again.
   */
  sentMessageIds?: Iterable<string>;
}

const sendArgumentsSchema = z.object({ messageId: z.string().check(z.minLength(1, 'must not be empty')) });
const filesSchema = z.array(fileUploadSchema);

/**
 * The chat session every loaded adapter runs inside. It implements the whole `ServiceDesk` interface for the
 * widget or gateway and enforces, for every adapter alike: the lifecycle state machine (an illegal call fails
 * with INVALID_STATE naming the state, anything after the end with CHAT_ENDED), idempotent `sendMessageToAgent`
 * by messageId and idempotent `endChat`, validated input, agent messages deduplicated by backend id, nothing
 * emitted after the end, a bounded `areAnyAgentsOnline`, and NOT_SUPPORTED for optional methods the adapter
 * lacks. Everything the adapter reports is published on `events` with a gap-free `seq`.
 */
export class ChatSession implements Required<ServiceDesk> {
  readonly chatId: string;
  readonly events: ChatEventBus;
  readonly plugin: AdapterPlugin;
  private readonly desk: ServiceDesk;
  private readonly logger: Logger;
  private readonly availabilityTimeoutMs: number;
  /** The chat's lifecycle state, agent and resume data, shared with the adapter's guarded callback. */
  private readonly chat: SessionState;
  private startPromise: Promise<void> | undefined;
  private endPromise: Promise<void> | undefined;
  private readonly sends = new IdempotentSends();

  constructor(options: ChatSessionOptions) {
    this.chatId = options.chatId;
    this.plugin = options.plugin;
    this.logger = options.logger;
    this.availabilityTimeoutMs = options.availabilityTimeoutMs ?? 5000;
    if (options.sentMessageIds) this.sends.remember(options.sentMessageIds);
    this.events = new ChatEventBus({
      chatId: options.chatId,
      logger: options.logger,
      ...(options.eventBufferSize === undefined ? {} : { bufferSize: options.eventBufferSize }),
      ...(options.firstSeq === undefined ? {} : { firstSeq: options.firstSeq }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.chat = new SessionState(this.chatId, this.plugin.name, this.logger, this.events, () => {
      this.endPromise = this.callDeskEnd({ endedByAgent: true });
      // Nobody awaits this one: a failure to release resources is logged, the chat is over either way.
      this.endPromise.catch(() => undefined);
    });
    const callback = createGuardedCallback(this.chat);
    this.desk = this.plugin.create({
      options: options.options,
      callback,
      chatId: this.chatId,
      capabilities: this.plugin.capabilities,
      logger: this.logger,
      webhookHub: options.webhookHub,
      ...(options.store ? { store: options.store } : {}),
    });
  }

  /** Where the chat is in its lifecycle. */
  get state(): ChatState {
    return this.chat.state;
  }

  /** The agent in the chat, if one is. */
  get agent(): AgentProfile | undefined {
    return this.chat.agent;
  }

  /** What to store to resume this chat elsewhere (also published with every change). */
  get persisted(): PersistedChat {
    return this.chat.persisted;
  }

  getName(): string {
    return this.desk.getName();
  }

  async startChat(connectMessage: ConnectMessage, options: StartChatOptions = {}): Promise<void> {
    assertCallable('startChat', this.chat.state);
    const message = parseOrThrow(connectMessageSchema, connectMessage, ErrorCode.INVALID_INPUT, 'Invalid connect message') as ConnectMessage;
    const startOptions = parseOrThrow(startChatOptionsSchema, options, ErrorCode.INVALID_INPUT, 'Invalid start options');
    this.chat.moveTo('starting');
    this.startPromise = this.desk.startChat(message, startOptions);
    try {
      await this.startPromise;
    } catch (error) {
      this.startPromise = undefined;
      const failure = asServiceDeskError(error, 'startChat failed');
      if (this.chat.state !== 'ended') {
        this.chat.publish({ type: 'setErrorStatus', info: { type: 'CONNECTING', logInfo: `${failure.code}: ${failure.message}` } });
        this.chat.moveTo('idle', null);
      }
      throw failure;
    }
    // Only an end while starting waits for it (it took it already): a started chat holds no settled promise.
    this.startPromise = undefined;
    if (this.chat.state === 'starting') this.chat.moveTo('queued');
  }

  endChat(info: EndChatInfo = {}): Promise<void> {
    if (this.endPromise) return this.endPromise;
    let endInfo: EndChatInfo;
    try {
      assertCallable('endChat', this.chat.state);
      endInfo = parseOrThrow(endChatInfoSchema, info, ErrorCode.INVALID_INPUT, 'Invalid end-chat info');
    } catch (error) {
      return Promise.reject(error);
    }
    const wasStarting = this.chat.state === 'starting';
    const startPromise = this.startPromise;
    this.chat.moveTo('ended', null);
    this.endPromise = (async () => {
      if (wasStarting && startPromise) {
        // Ending while the start is in flight: wait for it, and close what it opened, if it opened anything.
        const started = await startPromise.then(
          () => true,
          () => false,
        );
        if (!started) return;
      }
      await this.callDeskEnd(endInfo);
    })();
    return this.endPromise;
  }

  /** Resolves once every `sendMessageToAgent` under way now has succeeded or failed (before a chat moves away). */
  sendsSettled(): Promise<void> {
    return this.sends.settled();
  }

  sendMessageToAgent(message: MessageRequest, messageId: string, extra: SendMessageExtra = {}): Promise<void> {
    const remembered = this.sends.get(messageId);
    if (remembered && this.chat.state !== 'ended') return remembered;
    try {
      assertCallable('sendMessageToAgent', this.chat.state);
      parseOrThrow(sendArgumentsSchema, { messageId }, ErrorCode.INVALID_INPUT, 'Invalid message id');
      const request = parseOrThrow(messageRequestSchema, message, ErrorCode.INVALID_INPUT, 'Invalid message');
      assertMessageLength(request, this.plugin.capabilities.maxMessageLength, this.plugin.name);
      if (extra.filesToUpload) parseOrThrow(filesSchema, extra.filesToUpload, ErrorCode.INVALID_INPUT, 'Invalid files');
      return this.sends.run(messageId, () => this.deliver(request, messageId, extra));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async updateState(state: ServiceDeskState): Promise<void> {
    assertCallable('updateState', this.chat.state);
    const parsed = parseOrThrow(serviceDeskStateSchema, state, ErrorCode.INVALID_INPUT, 'Invalid state');
    await this.callOptional('updateState', (desk) => desk.updateState?.(parsed));
  }

  async areAnyAgentsOnline(connectMessage: ConnectMessage): Promise<boolean | null> {
    assertCallable('areAnyAgentsOnline', this.chat.state);
    const ask = this.desk.areAnyAgentsOnline;
    if (!ask) throw this.notSupported('areAnyAgentsOnline');
    const message = parseOrThrow(connectMessageSchema, connectMessage, ErrorCode.INVALID_INPUT, 'Invalid connect message') as ConnectMessage;
    try {
      const answer = await withTimeout(Promise.resolve(ask.call(this.desk, message)), this.availabilityTimeoutMs, 'areAnyAgentsOnline');
      return typeof answer === 'boolean' ? answer : null;
    } catch (error) {
      this.logger.warn({ chatId: this.chatId, err: error }, 'Agent availability is unknown');
      return null;
    }
  }

  async userTyping(isTyping: boolean): Promise<void> {
    assertCallable('userTyping', this.chat.state);
    if (typeof isTyping !== 'boolean') throw new ServiceDeskError(ErrorCode.INVALID_INPUT, 'isTyping must be a boolean');
    await this.callOptional('userTyping', (desk) => desk.userTyping?.(isTyping));
  }

  async userReadMessages(): Promise<void> {
    assertCallable('userReadMessages', this.chat.state);
    await this.callOptional('userReadMessages', (desk) => desk.userReadMessages?.());
  }

  async filesSelectedForUpload(uploads: FileUpload[]): Promise<void> {
    assertCallable('filesSelectedForUpload', this.chat.state);
    const files = parseOrThrow(filesSchema, uploads, ErrorCode.INVALID_INPUT, 'Invalid files');
    await this.callOptional('filesSelectedForUpload', (desk) => desk.filesSelectedForUpload?.(files));
  }

  /**
   * Resumes a chat from what another instance persisted. Resolves true when resumed, false when the chat no
   * longer exists at the backend (the session is then ended). Rejects, leaving the session idle, when the
   * backend could not be asked.
   */
  async reconnect(persisted: PersistedChat): Promise<boolean> {
    assertCallable('reconnect', this.chat.state);
    const saved = parseOrThrow(persistedChatSchema, persisted, ErrorCode.INVALID_INPUT, 'Invalid persisted chat');
    if (saved.adapter !== this.plugin.name) {
      throw new ServiceDeskError(ErrorCode.INVALID_INPUT, `The persisted chat belongs to adapter "${saved.adapter}", not "${this.plugin.name}"`);
    }
    if (!this.desk.reconnect) throw this.notSupported('reconnect');
    this.chat.desk = saved.desk;
    // Take the saved state first, so that what the adapter reports while resuming moves on from there.
    const resumedState = (LIVE_STATES as readonly ChatState[]).includes(saved.state) ? saved.state : 'queued';
    this.chat.moveTo(resumedState, saved.agent ?? null);
    let resumed: boolean;
    try {
      resumed = await this.desk.reconnect({ ...saved, chatId: this.chatId, desk: this.chat.desk });
    } catch (error) {
      if (this.chat.state !== 'ended') this.chat.moveTo('idle', null);
      throw asServiceDeskError(error, 'reconnect failed');
    }
    if (!resumed && this.chat.state !== 'ended') {
      this.chat.moveTo('ended', null);
      this.endPromise = Promise.resolve();
    }
    return resumed;
  }

  private async deliver(request: MessageRequest, messageId: string, extra: SendMessageExtra): Promise<void> {
    try {
      await this.desk.sendMessageToAgent(request, messageId, extra);
    } catch (error) {
      const failure = asServiceDeskError(error, 'sendMessageToAgent failed');
      if (this.chat.state !== 'ended') {
        this.chat.publish({ type: 'setErrorStatus', info: { type: 'USER_MESSAGE', messageId, logInfo: `${failure.code}: ${failure.message}` } });
      }
      throw failure;
    }
    if (this.chat.state !== 'ended') this.chat.publish({ type: 'userMessageSent', messageId, message: request });
  }

  private async callDeskEnd(info: EndChatInfo): Promise<void> {
    try {
      await this.desk.endChat(info);
    } catch (error) {
      const failure = asServiceDeskError(error, 'endChat failed');
      this.logger.error({ chatId: this.chatId, code: failure.code, err: failure }, 'The adapter failed to end the chat');
      throw failure;
    }
  }

  private async callOptional(method: keyof ServiceDesk, call: (desk: ServiceDesk) => unknown): Promise<void> {
    if (typeof this.desk[method] !== 'function') throw this.notSupported(method);
    try {
      await call(this.desk);
    } catch (error) {
      throw asServiceDeskError(error, `${method} failed`);
    }
  }

  private notSupported(method: string): ServiceDeskError {
    return new ServiceDeskError(ErrorCode.NOT_SUPPORTED, `Adapter "${this.plugin.name}" does not support ${method}`);
  }
}

/** Passes typed errors through and wraps anything else, so callers only ever see `ServiceDeskError`. */
function asServiceDeskError(error: unknown, what: string): ServiceDeskError {
  if (isServiceDeskError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, `${what}: ${message}`, { cause: error });
}
