import { randomUUID } from 'node:crypto';
import {
  type AdapterContext,
  type ConnectMessage,
  type EndChatInfo,
  ErrorCode,
  findConnectToAgentItem,
  formatZodIssues,
  assertMessageLength,
  IdempotentSends,
  isServiceDeskError,
  type MessageRequest,
  type PersistedChat,
  retryWhileLive,
  type ServiceDesk,
  type ServiceDeskCallback,
  ServiceDeskError,
  type StartChatOptions,
  textMessage,
} from '@byosd/core';
import { z } from 'zod';
import { deriveChatId, type TwoWayMessage, twoWayMessageSchema } from '../protocol/index.js';
import { BotClient } from './bot-client.js';
import { DeliveryLog } from './delivery-log.js';
import { DeliveryOrder } from './delivery-order.js';
import { HandoverFailedError } from './handover-error.js';
import { type BotOutcome, routingContext, runBotPart } from './handover-flow.js';
import type { MobileServiceCloudOptions } from './mobile-service-cloud-options.js';
import { PresenceClient } from './presence-client.js';
import { rateLimiterFor } from './rate-limiter.js';
import { RouterClient } from './router-client.js';
import { SessionLock } from './session-lock.js';

/** A TwoWay message without its envelope (ids, addresses, time), which `message()` adds. */
type TwoWayBody = TwoWayMessage extends infer T
  ? T extends TwoWayMessage
    ? Omit<T, 'Id' | 'ChatId' | 'Channel' | 'From' | 'To' | 'Timestamp' | 'Sequence'>
    : never
  : never;

/** What this adapter persists to resume a chat: the router's chat and end user, and the last delivery in order. */
const resumeStateSchema = z.looseObject({
  chatId: z.string().min(1),
  endUserId: z.string().min(1),
  lastSequence: z.number().int().nonnegative().optional(),
});

function chatEnded(): ServiceDeskError {
  return new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat with Mobile Service Cloud has ended');
}

/** What the agent reads when the connect message gives no question. */
const DEFAULT_QUESTION = 'The customer asked for a colleague';

/** A router 502: the router took the handover message, but MSC's agent side did not accept the conversation. */
const AGENT_SIDE_REFUSED = 502;

/**
 * One chat handed from CM.com's Conversational AI Cloud bot to Mobile Service Cloud, as the seed "Livechat Channel
 * Integration" describes it (README): `startChat` runs the flow (bot answer with `livechat: true`, presence,
 * prechat dialog, Enable mutation, handover message) and undoes the mutation if a later step fails; then user and
 * agent talk through the router's TwoWay exchange, the agent's side arriving at the message webhook.
 */
export class MobileServiceCloudServiceDesk implements ServiceDesk {
  private readonly options: MobileServiceCloudOptions;
  private readonly callback: ServiceDeskCallback;
  private readonly bot: BotClient;
  private readonly presence: PresenceClient;
  private readonly router: RouterClient;
  private readonly lock: SessionLock;
  private readonly deliveries: DeliveryLog;
  private readonly sends = new IdempotentSends();
  private chatId: string | undefined;
  private endUserId: string | undefined;
  private order: DeliveryOrder | undefined;
  private unsubscribe: (() => void) | undefined;
  private ended = false;
  private agentId = 'msc-agent';

  constructor(private readonly context: AdapterContext<MobileServiceCloudOptions>) {
    this.options = context.options;
    this.callback = context.callback;
    const limiter = rateLimiterFor(this.options.presenceApiKey, context.store);
    this.bot = new BotClient(this.options);
    this.presence = new PresenceClient(this.options, limiter, context.logger);
    this.router = new RouterClient(this.options);
    this.lock = new SessionLock(context.store, this.options.sessionLockMs);
    this.deliveries = new DeliveryLog(context.store, this.options.resumeWindowMs);
  }

  getName(): string {
    return 'mobile-service-cloud';
  }

  async startChat(connectMessage: ConnectMessage, options: StartChatOptions): Promise<void> {
    const payload = options.preStartChatPayload ?? {};
    const endUserId = typeof payload.endUserId === 'string' && payload.endUserId !== '' ? payload.endUserId : randomUUID();
    const pageUrl = typeof payload.pageUrl === 'string' && payload.pageUrl !== '' ? payload.pageUrl : undefined;
    const question = findConnectToAgentItem(connectMessage)?.message_to_human_agent?.trim() || DEFAULT_QUESTION;
    const chatId = deriveChatId(this.options.channel, endUserId, this.options.channelAdapterId);
    this.chatId = chatId;
    this.endUserId = endUserId;
    this.callback.updatePersistedState({ chatId, endUserId });
    try {
      // After a handover the bot receives nothing for this end user until the lock lapses: straight to MSC.
      const outcome: Partial<BotOutcome> = (await this.lockHolds(chatId))
        ? {}
        : await runBotPart(
            {
              question,
              payload,
              ...(pageUrl ? { pageUrl } : {}),
              ...(connectMessage.session_history_key ? { botSessionId: connectMessage.session_history_key } : {}),
            },
            {
              bot: this.bot,
              presence: this.presence,
              options: this.options,
              logger: this.context.logger,
              isEnded: () => this.ended,
              persist: (kept) => this.callback.updatePersistedState({ ...kept }),
            },
          );
      this.listen(chatId);
      await this.handOver(chatId, question, routingContext(question, outcome, pageUrl));
    } catch (error) {
      this.release();
      const failure =
        error instanceof HandoverFailedError
          ? error
          : new HandoverFailedError('router', 'The handover to a colleague failed; you can keep chatting with the assistant.', error);
      this.callback.setErrorStatus({ type: 'CONNECTING', messageToUser: failure.message, logInfo: `handover stopped at ${failure.step}: ${failure.code}` });
      throw failure;
    }
    // The handover is done: a store that cannot take the lock now must not undo it.
    await this.lock.touch(chatId).catch((error: unknown) => this.context.logger.error({ chatId, err: error }, 'Could not take the 24-hour handover lock'));
  }

  /** Whether the 24-hour lock holds; when the store cannot tell, nothing may reach the bot and no handover starts. */
  private async lockHolds(chatId: string): Promise<boolean> {
    try {
      return await this.lock.isLocked(chatId);
    } catch (error) {
      throw new HandoverFailedError('lock', 'The handover to a colleague is not available right now; you can keep chatting with the assistant.', error);
    }
  }

  /**
   * Enable, then the handover message; if either fails the mutation is undone, so nothing stays open. Neither is
   * retried: a refused handover leaves the user with the bot at once, and they may ask again.
   */
  private async handOver(chatId: string, question: string, routing: Record<string, string>): Promise<void> {
    try {
      await this.router.mutate(chatId, 'Enable', routing);
    } catch (error) {
      await this.undoEnable(chatId);
      throw new HandoverFailedError('mutation', 'The handover to a colleague failed; you can keep chatting with the assistant.', error);
    }
    const handover = this.message({ Type: 'handover', Text: question });
    try {
      await this.router.send(handover);
    } catch (error) {
      await this.undoEnable(chatId);
      const agentSide = isServiceDeskError(error) && error.status === AGENT_SIDE_REFUSED;
      throw new HandoverFailedError(
        agentSide ? 'agent-side' : 'router',
        agentSide
          ? 'No colleague could take the conversation; you can keep chatting with the assistant.'
          : 'The handover to a colleague failed; you can keep chatting with the assistant.',
        error,
      );
    }
  }

  /** Gives the chat back to the bot: Disable closes what the Enable opened. Logged, never thrown: the start fails anyway. */
  private async undoEnable(chatId: string): Promise<void> {
    try {
      await retryWhileLive(
        () => this.router.mutate(chatId, 'Disable'),
        () => false,
        { retries: 3, minDelayMs: this.options.retryDelayMs },
      );
    } catch (error) {
      this.context.logger.error({ chatId, err: error }, 'Could not hand the chat back to the bot after a failed handover');
    }
  }

  async endChat(info?: EndChatInfo): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const chatId = this.chatId;
    try {
      if (chatId && !info?.endedByAgent) {
        const end = this.message({ Type: 'event', Event: 'conversationEnded' });
        await retryWhileLive(
          () => this.router.send(end),
          () => false,
          { retries: 2, minDelayMs: this.options.retryDelayMs },
        );
      }
      if (chatId) {
        await this.lock.touch(chatId);
        await this.deliveries.markEnded(chatId);
      }
    } finally {
      this.release();
    }
  }

  /**
   * Takes the chat up where another desk left it (a gateway instance that died or handed it over): the router and
   * MSC hold the conversation, so resuming is listening again under its ChatId, and reading back from the delivery
   * log what came after the last delivery passed on. False when the chat ended meanwhile, or the state is not ours.
   */
  async reconnect(persisted: PersistedChat): Promise<boolean> {
    const saved = resumeStateSchema.safeParse(persisted.desk);
    if (!saved.success) return false;
    const { chatId, endUserId, lastSequence = 0 } = saved.data;
    if (await this.deliveries.hasEnded(chatId)) return false;
    this.chatId = chatId;
    this.endUserId = endUserId;
    if (persisted.agent) this.agentId = persisted.agent.id;
    const accept = this.listen(chatId, lastSequence);
    for (const delivery of await this.deliveries.after(chatId, lastSequence)) accept(delivery);
    return true;
  }

  sendMessageToAgent(message: MessageRequest, messageId: string): Promise<void> {
    if (this.ended) return Promise.reject(chatEnded());
    if (message.input.text.trim() === '')
      return Promise.reject(new ServiceDeskError(ErrorCode.INVALID_INPUT, 'MSC takes no empty message: input.text must not be empty'));
    try {
      assertMessageLength(message, this.context.capabilities.maxMessageLength, 'mobile-service-cloud');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.sends.run(messageId, async () => {
      const text = this.message({ Type: 'text', Text: message.input.text }, messageId);
      await retryWhileLive(
        () => this.router.send(text),
        () => this.ended,
        { minDelayMs: this.options.retryDelayMs },
      );
      if (this.chatId) await this.lock.touch(this.chatId);
    });
  }

  async userTyping(isTyping: boolean): Promise<void> {
    if (this.ended) throw chatEnded();
    await this.router.send(this.message({ Type: 'typing', IsTyping: isTyping }));
  }

  private message(body: TwoWayBody, id: string = randomUUID()): TwoWayMessage {
    return {
      Id: id,
      ChatId: this.chatId ?? '',
      Channel: this.options.channel,
      From: this.endUserId ?? '',
      To: this.options.channelAdapterId,
      Timestamp: new Date().toISOString(),
      ...body,
    };
  }

  /** Listens under the router's ChatId; returns what takes a delivery (also one read back after a resume). */
  private listen(chatId: string, afterSequence = 0): (delivery: unknown) => void {
    let persistedSequence = afterSequence;
    const order = new DeliveryOrder(
      (message) => {
        this.onDelivery(message);
        // Where a desk that resumes the chat goes on from.
        if (order.lastSequence <= persistedSequence || this.ended) return;
        persistedSequence = order.lastSequence;
        this.callback.updatePersistedState({ lastSequence: persistedSequence });
      },
      this.options.gapWaitMs,
      afterSequence,
    );
    this.order = order;
    const accept = (body: unknown) => {
      const parsed = twoWayMessageSchema.safeParse(body);
      if (!parsed.success) {
        this.callback.setErrorStatus({ type: 'PROTOCOL_ERROR', logInfo: `Malformed TwoWay message from the router: ${formatZodIssues(parsed.error)}` });
        return;
      }
      order.accept(parsed.data);
    };
    this.unsubscribe = this.context.webhookHub.subscribe(chatId, accept);
    return accept;
  }

  private onDelivery(message: TwoWayMessage): void {
    if (this.ended) return;
    if (this.chatId) void this.lock.touch(this.chatId).catch((error: unknown) => this.context.logger.warn({ err: error }, 'Could not slide the handover lock'));
    switch (message.Type) {
      case 'text':
        if (message.Agent) this.agentId = message.Agent.Id;
        this.callback.sendMessageToUser(textMessage(message.Text, message.Id), this.agentId);
        return;
      case 'typing':
        this.callback.agentTyping(message.IsTyping);
        return;
      case 'event':
        return this.onEvent(message);
      case 'handover':
        return;
    }
  }

  private onEvent(message: Extract<TwoWayMessage, { Type: 'event' }>): void {
    const profile = message.Agent ? { id: message.Agent.Id, nickname: message.Agent.Name } : undefined;
    switch (message.Event) {
      case 'agentJoined':
        if (profile) this.agentId = profile.id;
        this.callback.agentJoined(profile ?? { id: this.agentId, nickname: 'Agent' });
        return;
      case 'transferStarted':
        this.callback.beginTransferToAnotherAgent(profile);
        return;
      case 'agentLeft':
        this.callback.agentLeftChat();
        return;
      case 'conversationEnded':
        // Nothing follows the end: later deliveries are dropped and later calls fail with CHAT_ENDED.
        this.ended = true;
        this.release();
        if (this.chatId)
          void this.deliveries.markEnded(this.chatId).catch((error: unknown) => this.context.logger.warn({ err: error }, 'Could not record the end'));
        this.callback.agentEndedChat();
        return;
    }
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.order?.close();
    this.order = undefined;
  }
}
