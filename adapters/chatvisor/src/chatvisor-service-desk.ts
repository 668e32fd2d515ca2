import {
  type AdapterContext,
  assertMessageLength,
  type ConnectMessage,
  type EndChatInfo,
  ErrorCode,
  findConnectToAgentItem,
  formatZodIssues,
  IdempotentSends,
  type MessageRequest,
  type PersistedChat,
  randomId,
  reportMalformedAnswer,
  type ServiceDesk,
  type ServiceDeskCallback,
  ServiceDeskError,
  type StartChatOptions,
  textMessage,
} from '@byosd/core';
import { z } from 'zod';
import { agentRefSchema, type AgentRef, type HistoryEntry, type TagCustomerBody, webhookBodySchema } from '../protocol/index.js';
import { agentProfileOf } from './agent-profile.js';
import { ChatvisorApi, failedWithStatus } from './chatvisor-api.js';
import type { ChatvisorOptions } from './chatvisor-options.js';
import { DeliveryWatch } from './delivery-watch.js';
import { webhookKey } from './webhook-routes.js';

/** What this adapter persists to resume a chat: the customer, the last timeline entry seen, who is in the chat. */
const resumeStateSchema = z.object({
  customerId: z.string().min(1),
  lastSeq: z.number().int().nonnegative(),
  agent: agentRefSchema.nullable(),
  agentChatUrl: z.string().optional(),
});
type ResumeState = z.output<typeof resumeStateSchema>;

const webhookEventSchema = z.object({ event: z.enum(['new-conversation', 'status-change', 'new-message']), body: z.unknown() });

/** Pre-chat answers (`preStartChatPayload`) the customer is tagged with. */
const preChatSchema = z.looseObject({
  email: z.string().email().optional().catch(undefined),
  firstname: z.string().optional().catch(undefined),
  lastname: z.string().optional().catch(undefined),
});

/**
 * A chat in Chatvisor. The user side writes over REST (tag the customer, open and route the conversation, post
 * messages, close it); what the agent does is read from the conversation's timeline, in order and once each by its
 * `seq`. Webhooks (published under the customer by the plugin's routes) say when to read it; when they stop
 * arriving the chat polls instead (`DeliveryWatch`). Agent joined, left and transfer come from the timeline's
 * status changes, which name the agent in the chat after each.
 */
export class ChatvisorServiceDesk implements ServiceDesk {
  private readonly options: ChatvisorOptions;
  private readonly callback: ServiceDeskCallback;
  private readonly api: ChatvisorApi;
  private readonly sends = new IdempotentSends();
  private readonly watch: DeliveryWatch;
  private state: ResumeState | undefined;
  private unsubscribe: (() => void) | undefined;
  private syncing: Promise<number> | undefined;
  private syncAgain = false;
  private announced = false;
  private ended = false;

  constructor(private readonly context: AdapterContext<ChatvisorOptions>) {
    this.options = context.options;
    this.callback = context.callback;
    this.api = new ChatvisorApi(context.options);
    this.watch = new DeliveryWatch(
      context.options,
      () => this.sync(false),
      (mode) => {
        context.logger.warn(
          { chatId: context.chatId, mode },
          mode === 'polling' ? 'Chatvisor webhooks are not arriving: polling the conversation' : 'Chatvisor webhooks arrive again',
        );
      },
    );
  }

  getName(): string {
    return 'Chatvisor';
  }

  /** The public agent chat URL made for this chat (it logs the agent in and opens the chat), once started. */
  get agentChatUrl(): string | undefined {
    return this.state?.agentChatUrl;
  }

  async startChat(connectMessage: ConnectMessage, options: StartChatOptions): Promise<void> {
    const subject = findConnectToAgentItem(connectMessage)?.message_to_human_agent ?? 'Chat with an agent';
    const customer = await this.api.withRetry(
      () => this.api.tagCustomer(this.tagBody(options.preStartChatPayload)),
      () => this.ended,
    );
    const customerId = customer.customerId;
    this.follow({ customerId, lastSeq: 0, agent: null });
    const openedAt = Date.now();
    try {
      await this.api.openConversation(customerId, subject);
      try {
        await this.routeAndLink(customerId);
      } catch (error) {
        // 409: an agent picked the conversation up and ended it while it was starting. The start happened; the user
        // learns of the agent and the end from the conversation's history, read below.
        if (!failedWithStatus(error, 409)) throw error;
        this.context.logger.debug({ chatId: this.context.chatId, customerId }, 'The conversation was done before its start finished');
      }
      if (this.ended) throw new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat was ended while it was starting');
    } catch (error) {
      // Nothing stays open: close the conversation this start opened (one per customer), then report the failure.
      // The desk stays startable: the user may try again.
      this.release();
      this.state = undefined;
      await this.close(customerId).catch((closeError: unknown) =>
        this.context.logger.warn({ chatId: this.context.chatId, err: closeError }, 'Could not close the Chatvisor conversation of a failed start'),
      );
      throw error;
    }
    this.persist();
    this.watch.start();
    this.watch.expectWebhook(openedAt); // The new-conversation webhook (it may have come already).
    void this.sync(true);
  }

  /** Routes the new conversation as configured, and makes the public agent chat URL. */
  private async routeAndLink(customerId: string): Promise<void> {
    if (this.options.routeToUserId !== undefined) await this.api.assignCustomer(customerId, { userId: this.options.routeToUserId });
    if (this.options.routeToTeamId !== undefined) await this.api.assignCustomer(customerId, { teamId: this.options.routeToTeamId });
    const { url } = await this.api.publicAgentUrl(customerId, this.options.routeToUserId);
    if (this.state) this.state.agentChatUrl = url;
    this.context.logger.debug({ chatId: this.context.chatId, customerId }, 'Made the public agent chat URL');
  }

  async endChat(info: EndChatInfo = {}): Promise<void> {
    if (this.ended) return;
    this.stop();
    const customerId = this.state?.customerId;
    // When the agent ended the chat, Chatvisor has it DONE already.
    if (info.endedByAgent || customerId === undefined) return;
    await this.close(customerId);
  }

  async sendMessageToAgent(message: MessageRequest, messageId: string): Promise<void> {
    assertMessageLength(message, this.context.capabilities.maxMessageLength, 'Chatvisor');
    const { customerId } = this.liveChat();
    const text = message.input.text;
    return this.sends.run(messageId, async () => {
      // The messageId is the message's externalId: a retry after a lost answer is stored once.
      const sentAt = Date.now();
      await this.api.withRetry(
        () => this.api.postCustomerMessage(customerId, text, messageId),
        () => this.ended,
      );
      this.watch.expectWebhook(sentAt); // The new-message webhook (it may have come already).
    });
  }

  async areAnyAgentsOnline(_connectMessage: ConnectMessage): Promise<boolean | null> {
    const visibility = await this.api.visibility(this.options.visibilityLevel);
    if (!visibility.visible) return false;
    try {
      const status = await this.api.userStatus();
      return status.users.some((user) => user.online);
    } catch (error) {
      // Chatvisor cannot tell who is online right now: unknown, not "nobody".
      if (failedWithStatus(error, 503)) return null;
      throw error;
    }
  }

  async reconnect(persisted: PersistedChat): Promise<boolean> {
    const saved = resumeStateSchema.safeParse(persisted.desk);
    if (!saved.success) return false;
    const conversation = await this.api.conversation(saved.data.customerId).catch((error: unknown) => {
      if (failedWithStatus(error, 404)) return undefined;
      throw error;
    });
    if (!conversation || conversation.status === 'DONE') return false;
    this.follow(saved.data);
    this.watch.start();
    await this.sync(true);
    return !this.ended;
  }

  // ---- Reading the timeline ----

  /** Subscribes to the customer's webhooks. */
  private follow(state: ResumeState): void {
    this.state = state;
    this.unsubscribe = this.context.webhookHub.subscribe(webhookKey(state.customerId), (event) => this.onWebhook(event));
  }

  private onWebhook(payload: unknown): void {
    if (this.ended) return;
    const event = webhookEventSchema.safeParse(payload);
    const body = webhookBodySchema.safeParse(event.data?.body);
    if (!event.success || !body.success) {
      // Reported and skipped: a malformed delivery must not end the chat. The next read still finds everything.
      const issues = !event.success ? formatZodIssues(event.error) : body.success ? '' : formatZodIssues(body.error);
      this.callback.setErrorStatus({ type: 'PROTOCOL_ERROR', logInfo: `Malformed Chatvisor ${event.data?.event ?? ''} webhook: ${issues}` });
      return;
    }
    this.watch.webhookArrived();
    void this.sync(true);
  }

  /**
   * Reads the timeline after the last entry seen and reports each new entry once, in order. Calls while a read is
   * under way join it and cause one more read after it. Resolves with how many entries were new and not announced
   * by a webhook (`announced` false), which tells the watch that a webhook went missing.
   */
  private sync(announced: boolean): Promise<number> {
    this.announced ||= announced;
    if (this.syncing) {
      this.syncAgain = true;
      return this.syncing;
    }
    const run = async () => {
      let unannounced = 0;
      do {
        this.syncAgain = false;
        const wasAnnounced = this.announced;
        this.announced = false;
        const found = await this.readTimeline();
        if (!wasAnnounced) unannounced += found;
      } while (this.syncAgain && !this.ended);
      return unannounced;
    };
    this.syncing = run()
      .catch((error: unknown) => {
        // An answer that broke the protocol is reported to the user side; the next read tries again either way.
        if (!reportMalformedAnswer(this.callback, error))
          this.context.logger.warn({ chatId: this.context.chatId, err: error }, 'Could not read the Chatvisor conversation');
        return 0;
      })
      .finally(() => {
        this.syncing = undefined;
      });
    return this.syncing;
  }

  private async readTimeline(): Promise<number> {
    let found = 0;
    let hasMore = true;
    while (hasMore && !this.ended && this.state) {
      const state = this.state;
      const page = await this.api.withRetry(
        () => this.api.history(state.customerId, state.lastSeq),
        () => this.ended,
      );
      // A start that failed meanwhile let go of the chat: what its timeline says is no longer this chat's.
      if (this.state !== state) break;
      for (const entry of [...page.entries].sort((a, b) => a.seq - b.seq)) {
        if (this.ended || entry.seq <= state.lastSeq) continue;
        state.lastSeq = entry.seq;
        found += 1;
        this.apply(entry);
      }
      hasMore = page.hasMore && page.entries.length > 0;
    }
    if (found > 0) this.persist();
    return found;
  }

  private apply(entry: HistoryEntry): void {
    if (entry.type === 'MESSAGE') {
      if (entry.sender === 'AGENT') this.callback.sendMessageToUser(textMessage(entry.text, entry.id), entry.agent?.userId ?? 'agent');
      return;
    }
    if (entry.status === 'DONE') {
      this.stop();
      this.callback.agentEndedChat();
      return;
    }
    this.changeAgent(entry.agent);
  }

  /** Who is in the chat after a status change: a join, a transfer, a leave, or no change. */
  private changeAgent(next: AgentRef | null): void {
    const state = this.state;
    if (!state) return;
    const previous = state.agent;
    state.agent = next;
    if (next === null) {
      if (previous !== null) this.callback.agentLeftChat();
      return;
    }
    if (previous?.userId === next.userId) return;
    const profile = agentProfileOf(next);
    if (previous !== null) this.callback.beginTransferToAnotherAgent(profile);
    this.callback.agentJoined(profile);
  }

  // ---- Plumbing ----

  private tagBody(preChat: Record<string, unknown> | undefined): TagCustomerBody {
    const given = preChatSchema.safeParse(preChat ?? {}).data ?? {};
    return {
      id: `byosd-${randomId()}`,
      labels: this.options.customerLabels,
      ...(given.email ? { email: given.email } : {}),
      ...(given.firstname ? { firstname: given.firstname } : {}),
      ...(given.lastname ? { lastname: given.lastname } : {}),
    };
  }

  /** Sets the conversation DONE; one that is gone already counts as closed. */
  private async close(customerId: string): Promise<void> {
    await this.api
      .withRetry(() => this.api.setStatus(customerId, 'DONE'))
      .catch((error: unknown) => {
        if (!failedWithStatus(error, 404)) throw error;
      });
  }

  private stop(): void {
    this.ended = true;
    this.release();
  }

  private release(): void {
    this.watch.stop();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private liveChat(): ResumeState {
    if (this.ended) throw new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat has ended');
    if (!this.state) throw new ServiceDeskError(ErrorCode.INVALID_STATE, 'The chat has not started');
    return this.state;
  }

  private persist(): void {
    const state = this.state;
    if (!state || this.ended) return;
    const agent = state.agent && { userId: state.agent.userId, firstname: state.agent.firstname, lastname: state.agent.lastname };
    this.callback.updatePersistedState({
      customerId: state.customerId,
      lastSeq: state.lastSeq,
      agent,
      ...(state.agentChatUrl ? { agentChatUrl: state.agentChatUrl } : {}),
    });
  }
}
