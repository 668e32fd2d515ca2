import {
  type AdapterContext,
  assertMessageLength,
  type ConnectMessage,
  type EndChatInfo,
  ErrorCode,
  findConnectToAgentItem,
  IdempotentSends,
  reportMalformedAnswer,
  type MessageRequest,
  type PersistedChat,
  retryWhileLive,
  type ServiceDesk,
  ServiceDeskError,
  type StartChatOptions,
} from '@byosd/core';
import * as z from 'zod/mini';
import type { ChatOperationBody } from '../protocol/index.js';
import { AgentReports } from './agent-reports.js';
import { CustomerSends, type PendingSend } from './customer-sends.js';
import type { GenesysEngageOptions } from './genesys-engage-options.js';
import { BACKEND_NAME, chatCreatedByFailedRequest, GwsClient, isChatGone, isConnectionFailure } from './gws-client.js';
import { MessagePoller } from './message-poller.js';
import { PollingPolicy } from './polling-policy.js';
import { whenPageVisible } from './page-visibility.js';
import { preChatUserData } from './pre-chat-user-data.js';

/**
 * What this adapter persists to resume a chat: GWS's chat id, the first message index not yet handled, the agent,
 * and the user's message last posted (or about to be) with the count of customer texts before it.
 */
const resumeStateSchema = z.object({
  gwsChatId: z.string().check(z.minLength(1)),
  nextIndex: z.int().check(z.nonnegative()),
  agent: z.optional(z.object({ id: z.string().check(z.minLength(1)), nickname: z.string().check(z.minLength(1)) })),
  sending: z.optional(z.object({ messageId: z.string().check(z.minLength(1)), before: z.int().check(z.nonnegative()) })),
});

/**
 * A Genesys Engage GWS customer chat as a byosd ServiceDesk. GWS has no push channel for customers, so the desk
 * polls the chat's messages (MessagePoller, paced by PollingPolicy) and reads the chat's state when an agent
 * leaves or now and then (to tell an end from a leave). Sends go one at a time and are retried without
 * duplicates (CustomerSends); typing goes both ways; `endChat` completes the chat.
 */
export class GenesysEngageServiceDesk implements ServiceDesk {
  private readonly options: GenesysEngageOptions;
  private readonly client: GwsClient;
  private readonly policy: PollingPolicy;
  private readonly poller: MessagePoller;
  private readonly reports: AgentReports;
  private readonly sends = new IdempotentSends();
  private readonly customerSends: CustomerSends;
  private gwsChatId: string | undefined;
  private lastSend: PendingSend | undefined;
  private ended = false;
  private disconnected = false;
  private userIsTyping = false;
  private lastStateCheckAt = Date.now();
  private stopWatchingPage: () => void = () => undefined;

  constructor(private readonly context: AdapterContext<GenesysEngageOptions>) {
    this.options = context.options;
    this.client = new GwsClient(context.options);
    this.policy = new PollingPolicy(context.options);
    this.customerSends = new CustomerSends(
      // Retried on its own: a read that failed (a dropped keep-alive socket) must not use up the send's own tries.
      () => this.retry(() => this.client.messages(this.liveChatId(), 0)),
      (pending) => {
        // Persisted before the post: a host that resumes the chat after this one dies can tell a resend of it.
        this.lastSend = pending;
        this.persist();
      },
    );
    this.reports = new AgentReports(() => this.gwsChatId ?? '', {
      callback: context.callback,
      policy: this.policy,
      isChatLive: () => this.isChatLive(),
      ended: () => this.endedAtBackend(),
    });
    this.poller = new MessagePoller({
      fetch: (index) => this.client.messages(this.liveChatId(), index),
      handle: (message, later) => this.reports.apply(message, later),
      afterPoll: () => this.checkStateNowAndThen(),
      advanced: () => this.persist(),
      succeeded: () => this.connectionBack(),
      failed: (error) => this.pollFailed(error),
      policy: this.policy,
      minDelayMs: context.options.minPollIntervalMs,
      maxDelayMs: context.options.maxPollIntervalMs,
    });
  }

  getName(): string {
    return BACKEND_NAME;
  }

  async startChat(connectMessage: ConnectMessage, options: StartChatOptions): Promise<void> {
    const subject = findConnectToAgentItem(connectMessage)?.message_to_human_agent ?? 'Chat with an agent';
    const { nickname, userData } = preChatUserData(options.preStartChatPayload);
    try {
      this.gwsChatId = await this.client.requestChat({
        operationName: 'RequestChat',
        nickname: nickname ?? this.options.nickname,
        subject,
        ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
        userData,
      });
    } catch (error) {
      // GWS may have created the chat before failing: complete it, so that nothing stays queued for an agent.
      const created = chatCreatedByFailedRequest(error);
      if (created) await this.complete(created).catch(() => undefined);
      throw error;
    }
    this.customerSends.startFresh();
    this.persist();
    this.startPolling(0);
  }

  async endChat(info: EndChatInfo = {}): Promise<void> {
    if (this.ended) return;
    this.release();
    if (!info.endedByAgent && this.gwsChatId) await this.complete(this.gwsChatId);
  }

  async sendMessageToAgent(message: MessageRequest, messageId: string): Promise<void> {
    assertMessageLength(message, this.context.capabilities.maxMessageLength, BACKEND_NAME);
    if (message.input.text === '') {
      throw new ServiceDeskError(ErrorCode.INVALID_INPUT, `${BACKEND_NAME} does not accept an empty message`, {
        issues: [{ path: 'input.text', message: 'empty' }],
      });
    }
    const chatId = this.liveChatId();
    const text = message.input.text;
    return this.sends.run(messageId, () => this.deliver(chatId, text, messageId));
  }

  async userTyping(isTyping: boolean): Promise<void> {
    const chatId = this.liveChatId();
    if (isTyping === this.userIsTyping) return;
    this.userIsTyping = isTyping;
    // The user is writing: the conversation is active again, and an agent may be writing too.
    if (isTyping) this.poller.wake();
    try {
      await this.operate(chatId, { operationName: isTyping ? 'SendStartTypingNotification' : 'SendStopTypingNotification' });
    } catch (error) {
      // GWS did not take it: the next call with the same state is sent again.
      this.userIsTyping = !isTyping;
      throw error;
    }
  }

  /**
   * GWS's customer API cannot tell whether any agent is online (that is in Stat Server, behind the agent-side API),
   * so the answer is always null: unknown. The agentAvailability capability is not declared for that reason.
   */
  async areAnyAgentsOnline(_connectMessage: ConnectMessage): Promise<boolean | null> {
    return null;
  }

  async reconnect(persisted: PersistedChat): Promise<boolean> {
    const saved = resumeStateSchema.safeParse(persisted.desk);
    if (!saved.success) return false;
    this.gwsChatId = saved.data.gwsChatId;
    try {
      if (!(await this.isChatLive())) {
        this.release();
        return false;
      }
    } catch (error) {
      if (isChatGone(error)) {
        this.release();
        return false;
      }
      throw error;
    }
    this.reports.restoreAgent(saved.data.agent ?? persisted.agent);
    this.lastSend = saved.data.sending;
    this.customerSends.resume(saved.data.sending);
    // The user is back (a reload, another tab): what the agent wrote meanwhile comes at once, and soon after.
    this.policy.activity();
    this.startPolling(saved.data.nextIndex);
    return true;
  }

  // ---- Sending ----

  private deliver(chatId: string, text: string, messageId: string): Promise<void> {
    return this.customerSends.enqueue(messageId, ({ landed, sent }) =>
      this.retry(async (attempt) => {
        if (await landed(attempt)) return;
        await this.client.operate(chatId, { operationName: 'SendMessage', text });
        sent();
      }).then(() => {
        this.userIsTyping = false;
        // An answer is likely soon: poll at the fastest again.
        this.poller.wake();
      }),
    );
  }

  private operate(chatId: string, body: ChatOperationBody): Promise<void> {
    return this.retry(() => this.client.operate(chatId, body));
  }

  private complete(chatId: string): Promise<void> {
    // Completing is the last word: it is retried although the desk has ended.
    return retryWhileLive(
      () => this.client.operate(chatId, { operationName: 'Complete' }),
      () => false,
      this.retryOptions(),
    );
  }

  private retry<T>(operation: (attempt: number) => Promise<T>): Promise<T> {
    return retryWhileLive(operation, () => this.ended, this.retryOptions());
  }

  private retryOptions() {
    return { retries: this.options.sendRetries, minDelayMs: this.options.retryDelayMs, maxDelayMs: this.options.maxPollIntervalMs };
  }

  // ---- Polling ----

  private startPolling(fromIndex: number): void {
    this.poller.start(fromIndex);
    this.stopWatchingPage();
    // In a page: the user coming back to the tab is a sign of activity (GWS cannot push what the agent wrote).
    this.stopWatchingPage = whenPageVisible(() => this.poller.wake());
  }

  private async isChatLive(): Promise<boolean> {
    const chatId = this.gwsChatId;
    if (!chatId) return false;
    this.lastStateCheckAt = Date.now();
    const chat = await this.retry(() => this.client.chat(chatId));
    return chat.state !== 'Idle';
  }

  /** Reads the chat's state every `chatStateCheckIntervalMs`: a chat can end without a message saying so. */
  private async checkStateNowAndThen(): Promise<void> {
    if (Date.now() - this.lastStateCheckAt < this.options.chatStateCheckIntervalMs) return;
    if (!(await this.isChatLive())) this.endedAtBackend();
  }

  private pollFailed(error: unknown): void {
    const { callback, logger, chatId } = this.context;
    if (isChatGone(error)) {
      // GWS no longer has the chat: it is over for the user too.
      this.endedAtBackend();
      return;
    }
    if (reportMalformedAnswer(callback, error)) return;
    if (isConnectionFailure(error) && !this.disconnected) {
      this.disconnected = true;
      callback.setErrorStatus({ type: 'DISCONNECTED', isDisconnected: true, logInfo: `The connection to ${BACKEND_NAME} was lost` });
      return;
    }
    logger.warn({ chatId, err: error }, `Polling ${BACKEND_NAME} failed; retrying`);
  }

  private connectionBack(): void {
    if (!this.disconnected) return;
    this.disconnected = false;
    this.context.callback.setErrorStatus({ type: 'DISCONNECTED', isDisconnected: false });
  }

  private endedAtBackend(): void {
    if (this.ended) return;
    this.release();
    this.context.callback.agentEndedChat();
  }

  // ---- State ----

  private liveChatId(): string {
    if (this.ended) throw new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat has ended');
    if (!this.gwsChatId) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'The chat has not started');
    return this.gwsChatId;
  }

  private release(): void {
    this.ended = true;
    this.poller.stop();
    this.stopWatchingPage();
  }

  private persist(): void {
    if (!this.gwsChatId || this.ended) return;
    const agent = this.reports.agent;
    this.context.callback.updatePersistedState(
      {
        gwsChatId: this.gwsChatId,
        nextIndex: this.poller.nextIndex,
        ...(agent ? { agent: { id: agent.id, nickname: agent.nickname } } : {}),
        ...(this.lastSend ? { sending: { ...this.lastSend } } : {}),
      },
      false,
    );
  }
}
