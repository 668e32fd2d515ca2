import {
  type AdapterContext,
  assertMessageLength,
  type ConnectMessage,
  type EndChatInfo,
  ErrorCode,
  findConnectToAgentItem,
  formatZodIssues,
  IdempotentSends,
  LookBeforePosting,
  type MessageRequest,
  type PersistedChat,
  randomId,
  reportMalformedAnswer,
  type ServiceDesk,
  type ServiceDeskCallback,
  ServiceDeskError,
  type ServiceDeskState,
  type StartChatOptions,
  textMessage,
} from '@byosd/core';
import { z } from 'zod';
import { AgentRoster, type FlexParticipant, type RosterChange } from './agent-roster.js';
import { CONVERSATION_EVENT_TYPES, type ConversationEvent, conversationEventSchema, type ConversationEventType } from './conversation-events.js';
import { type FlexChat, flexChatSchema, startFlexChat } from './flex-chat-start.js';
import { MessageSequencer, type SequencedMessage } from './message-sequencer.js';
import { estimateQueue } from './queue-estimate.js';
import { safeJson } from './safe-json.js';
import { TwilioFlexApi } from './twilio-flex-api.js';
import type { TwilioFlexOptions } from './twilio-flex-options.js';
import { twilioErrorCode } from './twilio-rest-client.js';

/** Twilio's "the conversation is closed" (any update to a closed conversation). */
const CONVERSATION_CLOSED = 50377;
/** Twilio's "not found". */
const NOT_FOUND = 20404;

/** What this adapter persists to resume a chat: the Flex chat and the last message index the user saw. */
const resumeStateSchema = flexChatSchema.extend({ lastIndex: z.number().int().min(-1) });

/**
 * A resent message the previous host may have posted is looked for among all messages after the last index that
 * host recorded, less this many: its post may have been recorded (the answer came) before the host went away.
 */
const RESEND_REACH_BACK_MESSAGES = 50;

const customerAttributesSchema = z.record(z.string(), z.unknown());
/** Flex's task attributes name the conversation the task routes. */
const taskAttributesSchema = z.looseObject({ conversationSid: z.string().optional() });

/**
 * A chat in Twilio Flex on Conversations. The user side writes over REST; what the agent does arrives as
 * Conversations webhooks, which the plugin's route verifies and publishes under the ConversationSid. Agents are
 * told apart by their participant attributes (see `agentProfileOf`); the queue comes from TaskRouter statistics.
 */
export class TwilioFlexServiceDesk implements ServiceDesk {
  private readonly options: TwilioFlexOptions;
  private readonly callback: ServiceDeskCallback;
  private readonly api: TwilioFlexApi;
  private chat: FlexChat | undefined;
  private readonly roster = new AgentRoster();
  private sequencer = this.newSequencer(-1);
  /** Participant events already handled: EventType + ParticipantSid (+ the read horizon for updates). */
  private readonly handledParticipantEvents = new Set<string>();
  /** Sends under way or done, by messageId: a repeated id shares the first send. */
  private readonly sends = new IdempotentSends();
  private unsubscribe: (() => void) | undefined;
  /** Webhook events that arrive while a new chat's current state is read (`followNewChat`), in arrival order. */
  private heldEvents: unknown[] | undefined;
  private gapTimer: ReturnType<typeof setTimeout> | undefined;
  private queueTimer: ReturnType<typeof setTimeout> | undefined;
  private lastQueueReport = '';
  private ended = false;
  /** Sends look for their message (the messageId is its attribute) after a failed attempt and after a resume. */
  private readonly posting = new LookBeforePosting();
  /** After a resume: the index after which what the previous host may have posted is looked for. */
  private resentAfterIndex = -1;

  constructor(private readonly context: AdapterContext<TwilioFlexOptions>) {
    this.options = context.options;
    this.callback = context.callback;
    this.api = new TwilioFlexApi(context.options);
  }

  getName(): string {
    return 'Twilio Flex';
  }

  async startChat(connectMessage: ConnectMessage, options: StartChatOptions): Promise<void> {
    const topic = findConnectToAgentItem(connectMessage)?.message_to_human_agent ?? 'Chat with an agent';
    // A fresh identity per chat, so that a failed start can find exactly what it created.
    const identity = `byosd-${randomId()}`;
    const preChat = options.preStartChatPayload;
    const customerName = typeof preChat?.['name'] === 'string' && preChat['name'] !== '' ? preChat['name'] : this.options.customerName;
    const chat = await startFlexChat(
      this.api,
      this.options,
      { identity, customerName, topic, ...(preChat ? { preEngagementData: preChat } : {}) },
      this.context.logger,
    );
    if (this.ended) {
      // The user ended the chat while it was starting: close what the start opened.
      await this.close(chat);
      throw new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat was ended while it was starting');
    }
    await this.followNewChat(chat);
    if (this.ended) return; // The agent ended it already (reported), or the user meanwhile.
    this.persist();
    if (!this.roster.hasAgent) this.pollQueue(0);
  }

  async endChat(info: EndChatInfo = {}): Promise<void> {
    if (this.ended) return;
    this.stop();
    const chat = this.chat;
    // When the agent ended the chat, Flex closed it already.
    if (info.endedByAgent || !chat) return;
    await this.close(chat);
  }

  /** Closes the chat at Flex: its interaction channel (which closes the conversation), else the conversation. */
  private async close(chat: FlexChat): Promise<void> {
    await this.api.rest
      .withRetry(() =>
        chat.interaction
          ? this.api.closeInteractionChannel(chat.interaction.sid, chat.interaction.channelSid)
          : this.api.closeConversation(chat.conversationSid),
      )
      .catch((error: unknown) => {
        if (twilioErrorCode(error) !== CONVERSATION_CLOSED) throw error;
      });
  }

  async sendMessageToAgent(message: MessageRequest, messageId: string): Promise<void> {
    assertMessageLength(message, this.context.capabilities.maxMessageLength, 'Twilio Conversations');
    const chat = this.liveChat();
    const text = message.input.text;
    return this.sends.run(messageId, () => this.send(chat, text, messageId));
  }

  async userReadMessages(): Promise<void> {
    const chat = this.liveChat();
    const lastIndex = this.sequencer.lastIndex;
    if (lastIndex < 0) return; // Nothing to have read yet.
    await this.withRetry(() => this.api.updateParticipant(chat.conversationSid, chat.participantSid, { LastReadMessageIndex: String(lastIndex) }));
  }

  async updateState(state: ServiceDeskState): Promise<void> {
    const chat = this.chat;
    const locale = state.locale;
    if (!chat || this.ended || !locale) return; // Only the locale reaches the agent (a customer attribute).
    await this.withRetry(async () => {
      // Merged into what Flex keeps on the customer (pre-engagement data, name), never replacing it.
      const customer = await this.api.fetchParticipant(chat.conversationSid, chat.participantSid);
      const attributes = customerAttributesSchema.safeParse(safeJson(customer.attributes)).data ?? {};
      await this.api.updateParticipant(chat.conversationSid, chat.participantSid, { Attributes: JSON.stringify({ ...attributes, locale }) });
    });
  }

  async areAnyAgentsOnline(_connectMessage: ConnectMessage): Promise<boolean | null> {
    const statistics = await this.api.realTimeStatistics();
    const available = statistics.total_available_workers;
    return available === null || available === undefined ? null : available > 0;
  }

  async reconnect(persisted: PersistedChat): Promise<boolean> {
    const saved = resumeStateSchema.safeParse(persisted.desk);
    if (!saved.success) return false;
    const { lastIndex, ...chat } = saved.data;
    const conversation = await this.api.fetchConversation(chat.conversationSid).catch((error: unknown) => {
      if (twilioErrorCode(error) === NOT_FOUND) return undefined;
      throw error;
    });
    if (!conversation || conversation.state === 'closed') return false;
    this.sequencer = this.newSequencer(lastIndex);
    for (const participant of await this.api.listParticipants(chat.conversationSid)) this.roster.added(participant);
    this.follow(chat);
    this.posting.resumed();
    this.resentAfterIndex = lastIndex - RESEND_REACH_BACK_MESSAGES;
    await this.catchUpMessages();
    if (!this.roster.hasAgent) this.pollQueue(0);
    return true;
  }

  // ---- Webhook events ----

  /** Subscribes to the chat's webhook events. */
  private follow(chat: FlexChat): void {
    this.chat = chat;
    this.unsubscribe = this.context.webhookHub.subscribe(chat.conversationSid, (fields) => this.onEvent(fields));
  }

  /**
   * Follows a chat that has just started. Twilio posts webhooks as things happen, and an agent may accept the
   * moment Flex routes the chat, before the start's answers have told the adapter the ConversationSid: those
   * webhooks reached nobody. So, once subscribed (holding what arrives meanwhile), the adapter reads what the
   * conversation already holds (participants, messages, state) and reports it, then what it held, dropping what
   * both carried (participants by sid, messages by index). Waiting for a later event to notice would lose the
   * join for good when none comes.
   */
  private async followNewChat(chat: FlexChat): Promise<void> {
    this.heldEvents = [];
    this.follow(chat);
    try {
      const sid = chat.conversationSid;
      const [conversation, participants, messages] = await Promise.all([
        this.withRetry(() => this.api.fetchConversation(sid)),
        this.withRetry(() => this.api.listParticipants(sid)),
        this.withRetry(() => this.api.messagesAfter(sid, -1)),
      ]);
      if (this.ended) return;
      for (const participant of participants) {
        if (this.firstTime(`onParticipantAdded:${participant.sid}`)) this.report(this.roster.added(participant));
      }
      this.sequencer.catchUp(messages);
      if (conversation.state === 'closed') {
        this.stop();
        this.callback.agentEndedChat();
        return;
      }
    } catch (error) {
      // The chat has started all the same: what arrives from now on is still reported.
      this.readFailed(error, 'Could not read what the new Twilio conversation already holds');
    } finally {
      const held = this.heldEvents;
      this.heldEvents = undefined;
      for (const fields of held) this.onEvent(fields);
    }
  }

  private onEvent(fields: unknown): void {
    if (this.ended) return;
    if (this.heldEvents) {
      this.heldEvents.push(fields);
      return;
    }
    const type = (fields as { EventType?: unknown } | null)?.EventType;
    if (!CONVERSATION_EVENT_TYPES.includes(type as ConversationEventType)) return; // Events this adapter does not use.
    const parsed = conversationEventSchema.safeParse(fields);
    if (!parsed.success) {
      // A malformed event is reported and skipped; it must not end the chat.
      this.callback.setErrorStatus({ type: 'PROTOCOL_ERROR', logInfo: `Malformed Twilio ${String(type)} event: ${formatZodIssues(parsed.error)}` });
      return;
    }
    this.apply(parsed.data);
  }

  private apply(event: ConversationEvent): void {
    switch (event.EventType) {
      case 'onMessageAdded':
        this.sequencer.accept({
          sid: event.MessageSid,
          index: event.Index,
          author: event.Author,
          body: event.Body,
          participant_sid: event.ParticipantSid ?? null,
        });
        return this.watchForGap();
      case 'onParticipantAdded':
        if (this.firstTime(`${event.EventType}:${event.ParticipantSid}`)) this.report(this.roster.added(toParticipant(event)));
        return;
      case 'onParticipantRemoved':
        if (this.firstTime(`${event.EventType}:${event.ParticipantSid}`)) this.report(this.roster.removed(event.ParticipantSid));
        return;
      case 'onParticipantUpdated':
        // An agent's read horizon moved: they read the user's messages.
        if (
          event.LastReadMessageIndex !== undefined &&
          this.roster.isAgentParticipant(event.ParticipantSid) &&
          this.firstTime(`${event.EventType}:${event.ParticipantSid}:${event.LastReadMessageIndex}`)
        ) {
          this.callback.agentReadMessages();
        }
        return;
      case 'onConversationStateUpdated':
        // Inactive is not the end: the next message makes the conversation active again.
        if (event.StateTo === 'closed') {
          this.stop();
          this.callback.agentEndedChat();
        }
        return;
    }
  }

  private report(change: RosterChange): void {
    switch (change.type) {
      case 'transferred':
        this.callback.beginTransferToAnotherAgent(change.agent);
        this.callback.agentJoined(change.agent);
        break;
      case 'joined':
        this.stopQueuePolling();
        this.callback.agentJoined(change.agent);
        break;
      case 'left':
        this.callback.agentLeftChat();
        break;
      case 'none':
        break;
    }
    this.persist();
  }

  private firstTime(key: string): boolean {
    if (this.handledParticipantEvents.has(key)) return false;
    this.handledParticipantEvents.add(key);
    return true;
  }

  private newSequencer(lastIndex: number): MessageSequencer {
    return new MessageSequencer((message) => this.deliver(message), lastIndex);
  }

  /** A message in order: the user's own are skipped; everyone else's reach the user, named by their author. */
  private deliver(message: SequencedMessage): void {
    if (this.ended) return;
    if (message.author !== this.chat?.identity) this.callback.sendMessageToUser(textMessage(message.body ?? '', message.sid), message.author ?? 'agent');
    this.persist();
  }

  /** While a message waits for an earlier one, fetches the missing ones over REST after `gapWaitMs`. */
  private watchForGap(): void {
    clearTimeout(this.gapTimer);
    if (!this.sequencer.waiting || this.ended) return;
    this.gapTimer = setTimeout(() => {
      this.catchUpMessages().catch((error: unknown) => this.readFailed(error, 'Could not fetch missed Twilio messages'));
    }, this.options.gapWaitMs);
  }

  private async catchUpMessages(): Promise<void> {
    const chat = this.chat;
    if (!chat || this.ended) return;
    this.sequencer.catchUp(await this.api.messagesAfter(chat.conversationSid, this.sequencer.lastIndex));
    this.watchForGap();
  }

  /** A read of Twilio's REST API failed: an answer that broke the protocol is reported to the user side, anything else logged. */
  private readFailed(error: unknown, what: string): void {
    if (!reportMalformedAnswer(this.callback, error)) this.context.logger.warn({ chatId: this.context.chatId, err: error }, what);
  }

  // ---- Sending ----

  private async send(chat: FlexChat, body: string, messageId: string): Promise<void> {
    const message = await this.withRetry(() =>
      this.posting.post(messageId, {
        lookup: (reason) => this.api.findSentMessage(chat.conversationSid, messageId, reason === 'resumed' ? this.resentAfterIndex : undefined),
        post: () => this.api.postMessage(chat.conversationSid, chat.identity, body, messageId),
      }),
    );
    this.sequencer.accept(message);
    this.watchForGap();
  }

  // ---- Queue ----

  /** Reads TaskRouter statistics after `delayMs`, then every `queuePollIntervalMs` until an agent joins; reports changes. */
  private pollQueue(delayMs = this.options.queuePollIntervalMs): void {
    this.queueTimer = setTimeout(() => {
      this.readQueue()
        .catch((error: unknown) => this.readFailed(error, 'Could not read TaskRouter statistics'))
        .finally(() => {
          if (!this.ended && !this.roster.hasAgent && this.queueTimer !== undefined) this.pollQueue();
        });
    }, delayMs);
  }

  private async readQueue(): Promise<void> {
    const chat = this.chat;
    if (!chat) return;
    const [tasks, cumulative] = await Promise.all([this.api.pendingTasks(), this.api.cumulativeStatistics()]);
    const pendingConversationSids = tasks.map((task) => taskAttributesSchema.safeParse(safeJson(task.attributes)).data?.conversationSid ?? '');
    const estimate = estimateQueue({ pendingConversationSids, averageAcceptanceSeconds: cumulative.avg_task_acceptance_time }, chat.conversationSid);
    if (!estimate || this.ended || this.roster.hasAgent) return;
    const report = JSON.stringify(estimate);
    if (report === this.lastQueueReport) return;
    this.lastQueueReport = report;
    this.callback.updateAgentAvailability(estimate);
  }

  private stopQueuePolling(): void {
    clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
  }

  // ---- Plumbing ----

  private stop(): void {
    this.ended = true;
    this.stopQueuePolling();
    clearTimeout(this.gapTimer);
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private withRetry<T>(operation: () => Promise<T>): Promise<T> {
    return this.api.rest.withRetry(operation, () => this.ended);
  }

  private liveChat(): FlexChat {
    if (this.ended) throw new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat has ended');
    if (!this.chat) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'The chat has not started');
    return this.chat;
  }

  private persist(): void {
    if (this.chat && !this.ended) this.callback.updatePersistedState({ ...this.chat, lastIndex: this.sequencer.lastIndex });
  }
}

function toParticipant(event: { ParticipantSid: string; Identity?: string | undefined; Attributes: string }): FlexParticipant {
  return { sid: event.ParticipantSid, identity: event.Identity, attributes: event.Attributes };
}
