import {
  type AdapterContext,
  assertMessageLength,
  type ConnectMessage,
  defaultWebSocket,
  type EndChatInfo,
  ErrorCode,
  findConnectToAgentItem,
  type MessageRequest,
  parseOrThrow,
  type PersistedChat,
  randomId,
  recoverConnection,
  IdempotentSends,
  LookBeforePosting,
  type LookReason,
  retryWhileLive,
  type ServiceDesk,
  ServiceDeskError,
  type StartChatOptions,
} from '@byosd/core';
import { createHttpClient } from '@byosd/core/http';
import * as z from 'zod/mini';
import { AgentMessageOrder } from './agent-message-order.js';
import { AgentReports } from './agent-reports.js';
import { type GenesysCloudOptions, apiBaseUrl, guestWebSocketUrl } from './genesys-cloud-options.js';
import { isSessionGone } from './genesys-error.js';
import { GuestConnection, type GuestRequest } from './guest-connection.js';
import { fetchRecentMessages, type HistoryRange } from './message-history.js';
import { preChatAttributes } from './pre-chat-attributes.js';
import { availabilityAnswerSchema } from '../protocol/rest-api.js';
import type { ServerFrame } from '../protocol/server-frames.js';
import type { GuestMessage, StructuredMessage } from '../protocol/structured-message.js';
import { SendThrottle } from './send-throttle.js';

/** What this adapter persists to resume a chat: the guest token and how far agent messages were delivered. */
const resumeStateSchema = z.object({
  token: z.string().check(z.minLength(1)),
  delivered: z.object({ time: z.string(), ids: z.array(z.string()) }),
});

/** How long a guest's typing indicator shows at the agent; another is not sent within it. */
const TYPING_COOL_DOWN_MS = 5000;

/** How many history pages (of 25, newest first) are searched for a send whose fate is unknown: it was just sent. */
const RECENT_PAGES_FOR_A_SEND = 2;

/**
 * A resent message the previous host may have posted is looked for in the history back to that host's last agent
 * delivery, less this: the post may have been outstanding (answered late, retried) while agent messages arrived.
 */
const RESEND_REACH_BACK_MS = 120_000;

/**
 * The Genesys Cloud Web Messaging guest, as a byosd ServiceDesk. One guest token per chat (from the
 * cryptographic RNG); `startChat` opens the session and starts the conversation with a Presence Join that
 * carries the question and pre-chat data as custom attributes.
 *
 * - Sends are paced under Genesys's onMessage limit (SendThrottle) and retried; each carries its messageId as
 *   `metadata.customMessageId`, and before a retry (and the first sends after a resume, which may be resends of what
 *   the chat's previous host posted) the history is checked for it, so a resend never duplicates.
 * - Agent messages are ordered by channel.time and deduplicated by id (AgentMessageOrder).
 * - A lost connection is reported, re-established with the same token, and what was missed is read from the
 *   history; `reconnect(persisted)` does the same for a new desk instance.
 */
export class GenesysCloudServiceDesk implements ServiceDesk {
  private readonly options: GenesysCloudOptions;
  private readonly throttle: SendThrottle;
  private readonly order: AgentMessageOrder;
  private readonly reports: AgentReports;
  private readonly sends = new IdempotentSends();
  /** Sends look for their message (by customMessageId) in the history after a failed attempt and after a resume. */
  private readonly posting = new LookBeforePosting();
  private connection: GuestConnection | undefined;
  private token: string | undefined;
  private reconnecting: Promise<void> | undefined;
  /** Set once Genesys holds the conversation (started or resumed): from then on a lost connection is recovered. */
  private started = false;
  private ended = false;
  private typingSentAt = Number.NEGATIVE_INFINITY;
  /** After a resume: how far back the history holds what the previous host may have posted (see RESEND_REACH_BACK_MS). */
  private resentSince = '';

  constructor(private readonly context: AdapterContext<GenesysCloudOptions>) {
    this.options = context.options;
    this.throttle = new SendThrottle(context.options.messagesPerSecond);
    this.reports = new AgentReports(context.callback, () => this.release());
    this.order = new AgentMessageOrder({
      holdMs: context.options.reorderWindowMs,
      deliver: (message) => {
        this.reports.apply(message);
        this.persist();
      },
    });
  }

  getName(): string {
    return 'Genesys Cloud';
  }

  async startChat(connectMessage: ConnectMessage, options: StartChatOptions): Promise<void> {
    const topic = findConnectToAgentItem(connectMessage)?.message_to_human_agent ?? 'Chat with an agent';
    const customAttributes = preChatAttributes(topic, options.preStartChatPayload);
    this.token = randomId();
    try {
      await this.openSession();
      // The Presence Join starts the conversation (as Messenger's auto-start does) and carries the custom attributes.
      await this.onMessage(
        { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }], channel: { metadata: { customAttributes } } },
        'start',
      );
    } catch (error) {
      // Nothing may stay half-open: a conversation the failed start created is closed again.
      await this.closeSession().catch(() => undefined);
      this.connection?.close();
      this.connection = undefined;
      this.token = undefined;
      throw error;
    }
    this.started = true;
    this.persist();
    void this.reportEstimatedWait();
  }

  async endChat(info: EndChatInfo = {}): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      if (!info.endedByAgent && this.token) await this.closeSession();
    } finally {
      this.release();
    }
  }

  async sendMessageToAgent(message: MessageRequest, messageId: string): Promise<void> {
    assertMessageLength(message, this.context.capabilities.maxMessageLength, 'Genesys Cloud');
    if (message.input.text === '') {
      throw new ServiceDeskError(ErrorCode.INVALID_INPUT, 'Genesys Cloud does not accept an empty message', {
        issues: [{ path: 'input.text', message: 'empty' }],
      });
    }
    this.assertLive();
    const text = message.input.text;
    return this.sends.run(messageId, () => this.deliverOnce(text, messageId));
  }

  /**
   * A guest sends typing "On" only (as Genesys's own SDKs do): it shows for a few seconds on the agent's side, so
   * stopping sends nothing. That is why the userTyping capability is not declared. At most one is sent per
   * indicator's lifetime, so that keystrokes do not use up the 2 onMessage per second that messages need.
   */
  async userTyping(isTyping: boolean): Promise<void> {
    this.assertLive();
    if (!isTyping || Date.now() - this.typingSentAt < TYPING_COOL_DOWN_MS) return;
    this.typingSentAt = Date.now();
    await this.onMessage({ type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] }, 'typing');
  }

  /** Asks the host's availability route; null (unknown) without one, or when it fails. */
  async areAnyAgentsOnline(_connectMessage: ConnectMessage): Promise<boolean | null> {
    try {
      return (await this.askAvailability())?.agentsOnline ?? null;
    } catch (error) {
      this.context.logger.warn({ chatId: this.context.chatId, err: error }, 'Could not ask whether agents are online');
      return null;
    }
  }

  async reconnect(persisted: PersistedChat): Promise<boolean> {
    const saved = resumeStateSchema.safeParse(persisted.desk);
    if (!saved.success) return false;
    this.token = saved.data.token;
    this.order.restore(saved.data.delivered);
    const lastDelivery = Date.parse(saved.data.delivered.time);
    this.resentSince = Number.isNaN(lastDelivery) ? '' : new Date(lastDelivery - RESEND_REACH_BACK_MS).toISOString();
    try {
      const session = await this.openSession();
      if (session.body.readOnly) {
        this.release();
        return false;
      }
      this.started = true;
      this.posting.resumed();
      await this.catchUp();
      return true;
    } catch (error) {
      this.release();
      if (isSessionGone(error)) return false;
      throw error;
    }
  }

  // ---- Sending ----

  private async deliverOnce(text: string, messageId: string): Promise<void> {
    const message: GuestMessage = { type: 'Text', text, metadata: { customMessageId: messageId } };
    await retryWhileLive(
      () =>
        this.posting.post(messageId, {
          lookup: async (reason) => ((await this.historyHas(messageId, reason)) ? true : undefined),
          post: async () => void (await this.onMessage(message, 'send')),
        }),
      () => this.ended,
      { retries: 5, minDelayMs: Math.max(this.options.reconnectDelayMs, 1) },
    );
  }

  private async onMessage(message: GuestMessage, what: string): Promise<ServerFrame> {
    // Wait out a reconnect before taking a turn, so that sends held by it do not leave in one burst.
    await this.liveConnection();
    await this.throttle.turn();
    return (await this.liveConnection()).request({ action: 'onMessage', message }, what);
  }

  private async historyHas(messageId: string, reason: LookReason): Promise<boolean> {
    // After a resume the agent may have written much since the post: read back to before the previous host's last delivery.
    const range: HistoryRange = reason === 'resumed' ? { since: this.resentSince } : { pages: RECENT_PAGES_FOR_A_SEND };
    const messages = await this.recentMessages(await this.liveConnection(), range);
    return messages.some((message) => message.direction === 'Inbound' && message.metadata?.['customMessageId'] === messageId);
  }

  /** Ends the guest session at Genesys (the conversation with it), reconnecting first if the socket is down. */
  private async closeSession(): Promise<void> {
    if (!this.connection?.isOpen && this.reconnecting) await this.reconnecting.catch(() => undefined);
    if (!this.connection?.isOpen) await this.openSession();
    const connection = this.connection;
    if (!connection?.isOpen) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'Not connected to Genesys Cloud');
    await connection.request({ action: 'closeSession', closeAllConnections: true }, 'closeSession');
  }

  // ---- The connection ----

  /** Opens a socket and configures the session for the current token (resumed when Genesys knows it). */
  private async openSession(): Promise<Extract<ServerFrame, { class: 'SessionResponse' }>> {
    const token = this.token;
    if (!token) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'The chat has not started');
    this.connection?.close();
    const connection = await GuestConnection.open(
      {
        url: guestWebSocketUrl(this.options),
        token,
        WebSocket: this.options.WebSocket ?? (await defaultWebSocket()),
        requestTimeoutMs: this.options.requestTimeoutMs,
        heartbeatIntervalMs: this.options.heartbeatIntervalMs,
      },
      {
        frame: (frame) => this.onFrame(frame),
        malformed: (reason) => this.context.callback.setErrorStatus({ type: 'PROTOCOL_ERROR', logInfo: `Malformed frame from Genesys Cloud: ${reason}` }),
        closed: () => this.onConnectionLost(),
      },
    );
    this.connection = connection;
    const request: GuestRequest = { action: 'configureSession', deploymentId: this.options.deploymentId, startNew: false };
    const answer = await connection.request(request, 'configureSession');
    if (answer.class !== 'SessionResponse')
      throw new ServiceDeskError(ErrorCode.PROTOCOL_ERROR, `Genesys Cloud answered configureSession with ${answer.class}`);
    return answer;
  }

  private async liveConnection(): Promise<GuestConnection> {
    this.assertLive();
    // A connection lost while no recovery watched it (the recovery gave up): the user's next request tries again.
    if (!this.connection?.isOpen && !this.reconnecting) this.onConnectionLost();
    if (this.reconnecting) await this.reconnecting;
    if (!this.connection?.isOpen) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'Not connected to Genesys Cloud');
    return this.connection;
  }

  private onConnectionLost(): void {
    if (this.ended || !this.started || this.reconnecting) return;
    this.reconnecting = recoverConnection({
      callback: this.context.callback,
      logger: this.context.logger,
      chatId: this.context.chatId,
      backendName: 'Genesys Cloud',
      // The same token resumes the session; the history has what was missed.
      reconnect: async () => {
        const session = await this.openSession();
        await this.catchUp();
        if (session.body.readOnly) this.reports.end(); // The agent ended the chat while we were away.
      },
      // A socket that closes while the recovery catches up is noticed by nobody else (this recovery is under way).
      isConnected: () => this.connection?.isOpen === true,
      retries: this.options.reconnectAttempts,
      minDelayMs: this.options.reconnectDelayMs,
      isEnded: () => this.ended,
      isChatGone: isSessionGone,
      onChatGone: () => this.reports.end(),
    }).finally(() => {
      this.reconnecting = undefined;
    });
  }

  /** Delivers the agent messages and events missed while no socket was open, from the history. */
  private async catchUp(): Promise<void> {
    if (!this.connection?.isOpen) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'Not connected to Genesys Cloud');
    const missed = await this.recentMessages(this.connection, { since: this.order.checkpoint.time });
    // Typing events in the history are stale; messages and Presence events are not. The history is newest first.
    this.deliverInOrder(
      missed.filter((message) => message.direction === 'Outbound' && !message.events?.some((event) => event.eventType === 'Typing')).reverse(),
    );
  }

  /**
   * Deployments put channel.time on every message and event, and those go through the reorder window. A frame
   * without one (Genesys's documented examples leave `channel` off events) cannot be placed by it: it comes after
   * everything received before it.
   */
  private deliverInOrder(messages: StructuredMessage[]): void {
    for (const message of messages) {
      if (message.channel?.time) {
        this.order.add(message);
      } else {
        this.order.flush();
        this.reports.apply(message);
      }
    }
  }

  private async recentMessages(connection: GuestConnection, range: HistoryRange): Promise<StructuredMessage[]> {
    const answer = await connection.request({ action: 'getJwt' }, 'getJwt');
    if (answer.class !== 'JwtResponse') throw new ServiceDeskError(ErrorCode.PROTOCOL_ERROR, `Genesys Cloud answered getJwt with ${answer.class}`);
    return fetchRecentMessages({ apiBaseUrl: apiBaseUrl(this.options), jwt: answer.body.jwt, timeoutMs: this.options.requestTimeoutMs, ...range });
  }

  private onFrame(frame: ServerFrame): void {
    if (this.ended) return;
    switch (frame.class) {
      case 'StructuredMessage': {
        const message = frame.body;
        if (message.direction !== 'Outbound') return; // The guest's own messages, echoed to every tab.
        const typing = message.events?.find((event) => event.eventType === 'Typing');
        if (typing?.eventType === 'Typing') return this.reports.typing(typing.typing.type, typing.typing.duration);
        return this.deliverInOrder([message]);
      }
      case 'SessionExpiredEvent':
      case 'SessionClearedEvent':
      case 'ConnectionClosedEvent':
        // The session is over (expired, cleared, or closed from another tab): the chat cannot go on.
        this.order.flush();
        return this.reports.end();
      default:
        return;
    }
  }

  // ---- Availability (through the host's route) ----

  private async askAvailability() {
    if (!this.options.availabilityUrl) return undefined;
    const http = createHttpClient({ timeoutMs: this.options.requestTimeoutMs, backendName: 'The Genesys Cloud availability route' });
    const response = await http.get<unknown>(this.options.availabilityUrl);
    return parseOrThrow(availabilityAnswerSchema, response.data, ErrorCode.PROTOCOL_ERROR, 'The availability route answered');
  }

  /**
   * Tells the user the queue's estimated wait once the chat is queued, when the host's route knows it; not when an
   * agent has joined meanwhile, when the wait is over.
   */
  private async reportEstimatedWait(): Promise<void> {
    try {
      const answer = await this.askAvailability();
      const seconds = answer?.estimatedWaitSeconds;
      if (typeof seconds === 'number' && !this.ended && !this.reports.hasAgent) {
        this.context.callback.updateAgentAvailability({ estimated_wait_time: Math.ceil(seconds / 60) });
      }
    } catch (error) {
      this.context.logger.warn({ chatId: this.context.chatId, err: error }, 'Could not read the estimated wait time');
    }
  }

  // ---- State ----

  private assertLive(): void {
    if (this.ended) throw new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat has ended');
    if (!this.token) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'The chat has not started');
  }

  /** Releases the socket and timers; after it nothing more is reported. */
  private release(): void {
    this.ended = true;
    this.order.stop();
    this.reports.stop();
    this.connection?.close();
    this.connection = undefined;
  }

  private persist(): void {
    if (this.token && !this.ended) this.context.callback.updatePersistedState({ token: this.token, delivered: this.order.checkpoint });
  }
}
