import {
  type AdapterContext,
  assertMessageLength,
  type ConnectMessage,
  defaultWebSocket,
  type EndChatInfo,
  ErrorCode,
  type FileUpload,
  findConnectToAgentItem,
  formatZodIssues,
  type MessageRequest,
  PendingRequests,
  type PersistedChat,
  randomId,
  safeParseWithMessages,
  recoverConnection,
  retryWhileLive,
  type SendMessageExtra,
  type ServiceDesk,
  type ServiceDeskCallback,
  ServiceDeskError,
  type ServiceDeskState,
  type StartChatOptions,
  textMessage,
} from '@byosd/core';
import * as z from 'zod/mini';
import type { ExampleOptions } from './example-options.js';
import { getExampleDesk } from './in-process-desks.js';
import { type ClientFrame, type DeskError, type DeskEvent, type EventFrame, type ReplyFrame, serverFrameSchema } from '../protocol/desk-protocol.js';
import { connectInProcess, connectWebSocket, type DeskTransport, type TransportEvents } from './transport.js';

/** What this adapter persists to resume a chat: the desk's chat id and the last event it delivered. */
const resumeStateSchema = z.object({ deskChatId: z.string(), lastEventId: z.int().check(z.nonnegative()) });

/** How long an out-of-order event may wait for the ones before it before the adapter asks for a replay. */
const GAP_RESYNC_MS = 300;

/** At most this many events are kept while a start waits for its reply (a desk sends a few at most). */
const MAX_EVENTS_BEFORE_START_REPLY = 1000;

type Request = ClientFrame extends infer F ? (F extends ClientFrame ? Omit<F, 'requestId'> : never) : never;

/**
 * The reference adapter: the smallest complete `ServiceDesk`. Read it top to bottom as the tutorial for
 * writing your own (docs/writing-an-adapter.md walks through it).
 *
 * The shape every adapter shares:
 * 1. Keep the backend connection and the backend's chat id; nothing else is state.
 * 2. Turn each backend event into exactly one callback call, in backend order, once (here: by event id).
 * 3. Make every request safe to retry (here: the desk ignores a repeated messageId) and retry what is retryable.
 * 4. Report a lost connection (DISCONNECTED), reconnect with backoff, and resume without loss.
 * 5. Persist what a new instance needs to resume (`updatePersistedState`), and implement `reconnect`.
 */
export class ExampleServiceDesk implements ServiceDesk {
  private readonly options: ExampleOptions;
  private readonly callback: ServiceDeskCallback;
  private readonly requests: PendingRequests<ReplyFrame>;
  private transport: DeskTransport | undefined;
  private deskChatId: string | undefined;
  private lastEventId = 0;
  /**
   * Events that arrived before an earlier one, by event id. Made when one does: events nearly always come in
   * order, and a gateway holds thousands of idle chats.
   */
  private early: Map<number, EventFrame> | undefined;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * While a start is in flight: the events that arrived before the adapter had handled the start reply. The desk
   * may send an event right behind that reply (an agent who accepts at once), and the reply resolves a promise, so
   * the adapter learns the chat id only after such an event has arrived. Delivered once the id is known.
   */
  private eventsBeforeStartReply: EventFrame[] | undefined;
  private reconnecting: Promise<void> | undefined;
  private ended = false;

  constructor(private readonly context: AdapterContext<ExampleOptions>) {
    this.options = context.options;
    this.callback = context.callback;
    this.requests = new PendingRequests(context.options.requestTimeoutMs);
  }

  getName(): string {
    return 'Example desk';
  }

  async startChat(connectMessage: ConnectMessage, options: StartChatOptions): Promise<void> {
    const topic = findConnectToAgentItem(connectMessage)?.message_to_human_agent ?? 'Chat with an agent';
    await this.connect();
    this.eventsBeforeStartReply = [];
    try {
      const reply = await this.exchange({ op: 'start', topic, ...(options.preStartChatPayload ? { preChat: options.preStartChatPayload } : {}) });
      if (reply.error) {
        // A desk that created the chat before failing names it: close it, so that nothing stays half-open.
        if (reply.chatId) await this.closeHalfOpenChat(reply.chatId);
        throw toServiceDeskError(reply.error, 'start');
      }
      if (!reply.chatId) throw new ServiceDeskError(ErrorCode.PROTOCOL_ERROR, 'The desk accepted the chat without giving its id');
      this.deskChatId = reply.chatId;
      this.persist();
      this.deliverEventsBeforeStartReply();
    } catch (error) {
      this.eventsBeforeStartReply = undefined;
      // Nothing may stay half-open: drop the connection so the failed start leaves no trace.
      this.disconnect();
      throw error;
    }
  }

  async endChat(info: EndChatInfo = {}): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      // When the agent ended the chat the desk knows already; only release the connection.
      if (!info.endedByAgent && this.deskChatId) await this.request({ op: 'end', chatId: this.deskChatId });
    } finally {
      this.disconnect();
    }
  }

  async sendMessageToAgent(message: MessageRequest, messageId: string, extra: SendMessageExtra = {}): Promise<void> {
    assertMessageLength(message, this.context.capabilities.maxMessageLength, 'the example desk');
    const attachments = (extra.filesToUpload ?? []).map((upload) => upload.file.name);
    // The desk ignores a messageId it has seen, so retrying after a lost reply cannot duplicate the message.
    await this.withRetry(() =>
      this.request({ op: 'send', chatId: this.chatId(), messageId, text: message.input.text, ...(attachments.length ? { attachments } : {}) }),
    );
  }

  async userTyping(isTyping: boolean): Promise<void> {
    await this.request({ op: 'typing', chatId: this.chatId(), isTyping });
  }

  async userReadMessages(): Promise<void> {
    await this.request({ op: 'read', chatId: this.chatId() });
  }

  async updateState(state: ServiceDeskState): Promise<void> {
    if (!this.deskChatId) return; // Before the chat starts there is nobody to tell.
    await this.request({
      op: 'state',
      chatId: this.deskChatId,
      ...(state.locale ? { locale: state.locale } : {}),
      ...(state.userID ? { userId: state.userID } : {}),
    });
  }

  async areAnyAgentsOnline(_connectMessage: ConnectMessage): Promise<boolean | null> {
    const temporary = !this.transport;
    if (temporary) await this.connect();
    try {
      const reply = await this.request({ op: 'availability' });
      return reply.online ?? null;
    } finally {
      if (temporary) this.disconnect();
    }
  }

  filesSelectedForUpload(uploads: FileUpload[]): void {
    for (const upload of uploads) {
      if (upload.file.size > this.options.maxFileBytes) {
        this.callback.setFileUploadStatus(upload.id, true, `The file is larger than ${Math.round(this.options.maxFileBytes / 1024 / 1024)} MB`);
      } else {
        this.callback.setFileUploadStatus(upload.id, false);
      }
    }
  }

  async reconnect(persisted: PersistedChat): Promise<boolean> {
    const saved = resumeStateSchema.safeParse(persisted.desk);
    if (!saved.success) return false;
    this.deskChatId = saved.data.deskChatId;
    this.lastEventId = saved.data.lastEventId;
    await this.connect();
    try {
      await this.request({ op: 'resume', chatId: this.deskChatId, afterEventId: this.lastEventId });
      return true;
    } catch (error) {
      this.disconnect();
      if (error instanceof ServiceDeskError && error.code === ErrorCode.BACKEND_REJECTED) return false;
      throw error;
    }
  }

  // ---- Backend events ----

  private onFrame(raw: unknown): void {
    const parsed = safeParseWithMessages(serverFrameSchema, raw);
    if (!parsed.success) {
      // A malformed frame is reported and skipped; it must not end the chat.
      this.callback.setErrorStatus({ type: 'PROTOCOL_ERROR', logInfo: `Malformed frame from the example desk: ${formatZodIssues(parsed.error)}` });
      return;
    }
    const frame = parsed.data;
    if (frame.kind === 'reply') {
      this.requests.resolve(frame.requestId, frame);
      return;
    }
    if (this.deskChatId === undefined && this.eventsBeforeStartReply) {
      // The chat being started, most likely: kept until the start reply has named it.
      if (this.eventsBeforeStartReply.length < MAX_EVENTS_BEFORE_START_REPLY) this.eventsBeforeStartReply.push(frame);
      return;
    }
    this.onEvent(frame);
  }

  private onEvent(frame: EventFrame): void {
    if (frame.chatId !== this.deskChatId || frame.eventId <= this.lastEventId) return; // Someone else's, or a duplicate.
    if (frame.eventId > this.lastEventId + 1) {
      // Ahead of one still missing: it waits for the gap to fill.
      (this.early ??= new Map()).set(frame.eventId, frame);
    } else {
      this.lastEventId = frame.eventId;
      this.apply(frame.event);
      if (this.ended) return;
    }
    this.deliverInOrder();
  }

  /** Delivers, now that the start reply named the chat, the events of that chat that arrived before it. */
  private deliverEventsBeforeStartReply(): void {
    const frames = this.eventsBeforeStartReply ?? [];
    this.eventsBeforeStartReply = undefined;
    for (const frame of frames) {
      if (this.ended) return;
      this.onEvent(frame);
    }
  }

  /** Delivers the held events that follow the last delivered one; waits briefly for a gap to fill, then asks for a replay. */
  private deliverInOrder(): void {
    for (let next = this.early?.get(this.lastEventId + 1); next; next = this.early?.get(this.lastEventId + 1)) {
      this.early?.delete(next.eventId);
      this.lastEventId = next.eventId;
      this.apply(next.event);
      if (this.ended) return;
    }
    this.persist();
    clearTimeout(this.gapTimer);
    if (this.early?.size) this.gapTimer = setTimeout(() => this.requestReplay(), GAP_RESYNC_MS);
    else this.early = undefined;
  }

  private requestReplay(): void {
    if (!this.deskChatId || this.ended) return;
    this.request({ op: 'resume', chatId: this.deskChatId, afterEventId: this.lastEventId }).catch((error: unknown) =>
      this.context.logger.warn({ chatId: this.context.chatId, err: error }, 'Could not ask the example desk for missed events'),
    );
  }

  private apply(event: DeskEvent): void {
    const callback = this.callback;
    switch (event.type) {
      case 'queue':
        return callback.updateAgentAvailability({ position_in_queue: event.position, estimated_wait_time: event.waitMinutes });
      case 'agent-joined':
        return callback.agentJoined(toProfile(event.agent));
      case 'agent-message':
        return callback.sendMessageToUser(textMessage(event.text, event.messageId), event.agentId);
      case 'agent-typing':
        return callback.agentTyping(event.isTyping);
      case 'agent-read':
        return callback.agentReadMessages();
      case 'transfer':
        return callback.beginTransferToAnotherAgent(event.to ? toProfile(event.to) : undefined);
      case 'agent-left':
        return callback.agentLeftChat();
      case 'chat-ended':
        // The chat session calls endChat({ endedByAgent: true }) next, which releases the connection.
        return callback.agentEndedChat();
    }
  }

  // ---- Connection ----

  private async connect(): Promise<void> {
    const events: TransportEvents = {
      frame: (raw) => this.onFrame(raw),
      closed: () => this.onConnectionLost(),
    };
    try {
      if (this.options.url) {
        const WebSocketImpl = this.options.WebSocket ?? (await defaultWebSocket());
        this.transport = await connectWebSocket(WebSocketImpl, this.options.url, events);
      } else {
        this.transport = connectInProcess(getExampleDesk(this.options.deskName), events);
      }
    } catch (error) {
      throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, `Cannot reach the example desk: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  private disconnect(): void {
    clearTimeout(this.gapTimer);
    this.transport?.close();
    this.transport = undefined;
    this.requests.rejectAll(new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat has ended'));
  }

  private onConnectionLost(): void {
    this.transport = undefined;
    this.requests.rejectAll(new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'The connection to the example desk was lost'));
    if (this.ended || !this.deskChatId || this.reconnecting) return;
    this.reconnecting = recoverConnection({
      callback: this.callback,
      logger: this.context.logger,
      chatId: this.context.chatId,
      backendName: 'the example desk',
      reconnect: async () => {
        await this.connect();
        await this.request({ op: 'resume', chatId: this.chatId(), afterEventId: this.lastEventId });
      },
      // A connection lost again during the resume is noticed by nobody else: this recovery is under way.
      isConnected: () => this.transport !== undefined,
      retries: this.options.reconnectAttempts,
      minDelayMs: this.options.reconnectDelayMs,
      isEnded: () => this.ended,
      // The desk no longer knows the chat.
      isChatGone: (error) => error instanceof ServiceDeskError && error.code === ErrorCode.BACKEND_REJECTED,
      onChatGone: () => this.callback.agentEndedChat(),
    }).finally(() => {
      this.reconnecting = undefined;
    });
  }

  // ---- Requests ----

  /** Closes a chat that a failed start left open at the desk. */
  protected async closeHalfOpenChat(chatId: string): Promise<void> {
    await this.request({ op: 'end', chatId }).catch((error: unknown) =>
      this.context.logger.warn({ chatId: this.context.chatId, err: error }, 'Could not close the chat that a failed start left open'),
    );
  }

  /** Sends a request and resolves with its reply; rejects when the desk refused it. */
  private async request(request: Request): Promise<ReplyFrame> {
    const frame = await this.exchange(request);
    if (frame.error) throw toServiceDeskError(frame.error, request.op);
    return frame;
  }

  /** Sends a request and resolves with its reply, refusal included. */
  private async exchange(request: Request): Promise<ReplyFrame> {
    if (this.ended && request.op !== 'end') throw new ServiceDeskError(ErrorCode.CHAT_ENDED, `Cannot ${request.op}: the chat has ended`);
    if (this.reconnecting && request.op !== 'resume') await this.reconnecting;
    const transport = this.transport;
    if (!transport) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'Not connected to the example desk');
    const requestId = randomId();
    const reply = this.requests.wait(requestId, `Example desk ${request.op}`);
    transport.send({ ...request, requestId } as ClientFrame);
    return reply;
  }

  private async withRetry<T>(operation: () => Promise<T>): Promise<T> {
    return retryWhileLive(operation, () => this.ended, { minDelayMs: this.options.reconnectDelayMs });
  }

  private chatId(): string {
    if (!this.deskChatId) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'The chat has not started');
    return this.deskChatId;
  }

  private persist(): void {
    if (this.deskChatId && !this.ended) this.callback.updatePersistedState({ deskChatId: this.deskChatId, lastEventId: this.lastEventId });
  }
}

function toProfile(agent: { id: string; name: string; avatarUrl?: string | undefined }) {
  return { id: agent.id, nickname: agent.name, ...(agent.avatarUrl ? { profile_picture_url: agent.avatarUrl } : {}) };
}

function toServiceDeskError(error: DeskError, op: string): ServiceDeskError {
  const message = `The example desk refused ${op}: ${error.message}`;
  switch (error.code) {
    case 'RATE_LIMITED':
      return new ServiceDeskError(ErrorCode.RATE_LIMITED, message, error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs });
    case 'UNAVAILABLE':
      return new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, message);
    case 'NOT_FOUND':
    case 'CLOSED':
    case 'BAD_REQUEST':
      return new ServiceDeskError(ErrorCode.BACKEND_REJECTED, message);
  }
}
