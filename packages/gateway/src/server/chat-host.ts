import {
  ChatSession,
  type ChatState,
  type ConnectMessage,
  ErrorCode,
  type Logger,
  randomId,
  ServiceDeskError,
  type StartChatOptions,
  type WebhookHub,
} from '@byosd/core';
import { CloseCode, type WireEvent } from '../protocol/server-frames.js';
import { createSessionToken, hashSessionToken, sessionTokenMatches } from '../security/session-token.js';
import type { GatewayMetrics } from '../ops/metrics.js';
import type { ChatRecord } from '../stores/chat-record-store.js';
import type { HandoverAnswer } from '../stores/handover-channel.js';
import type { GatewayStores } from '../stores/stores.js';
import type { AdapterCatalog } from './adapter-catalog.js';
import type { ChatHandover } from './chat-handover.js';
import { type ChatConnection, type ChatHosting, HostedChat, type Retention } from './hosted-chat.js';

export interface ChatHostOptions {
  catalog: AdapterCatalog;
  stores: GatewayStores;
  webhookHub: WebhookHub;
  logger: Logger;
  metrics: GatewayMetrics;
  instanceId: string;
  gracePeriodMs: number;
  leaseTtlMs: number;
  retention: Retention;
  /** Bytes of uploaded files one chat may hold at once. */
  maxUploadBytes: number;
  /** Chats this instance starts at most while it hosts this many (resumed chats are not refused). */
  maxChats: number;
  /** How a chat resumed here is claimed from the instance that hosts it. */
  handover: ChatHandover;
}

/**
 * The chats this instance hosts. It starts them, resumes them for returning clients (taking a chat over from a
 * dead instance, or from a live one that hands it over, when the stores are shared), ends a chat whose client
 * stayed away past the grace period, and keeps this instance's ownership leases alive.
 */
export class ChatHost {
  private readonly options: ChatHostOptions;
  private readonly chats = new Map<string, HostedChat>();
  private readonly graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly leaseTimer: ReturnType<typeof setInterval>;
  /** Chats being started that are not hosted yet. */
  private reserved = 0;
  /** Chats being taken over or handed over just now: not to be moved again until that is done. */
  private readonly moving = new Set<string>();
  /** Chats whose lease is being renewed or checked just now. */
  private readonly renewing = new Set<HostedChat>();
  /** What every hosted chat shares, its handlers included (each is told which chat): an idle chat holds none of it. */
  private readonly hosting: ChatHosting;

  constructor(options: ChatHostOptions) {
    this.options = options;
    this.hosting = {
      stores: options.stores,
      retention: options.retention,
      logger: options.logger,
      metrics: options.metrics,
      maxUploadBytes: options.maxUploadBytes,
      owner: options.instanceId,
      onLeaseLost: (lost) => void this.renewLease(lost),
      onEnded: (ended) => {
        options.logger.info({ chatId: ended.chatId, adapter: ended.adapter }, 'The chat has ended');
        void this.forget(ended);
      },
    };
    this.leaseTimer = setInterval(() => void this.renewLeases(), Math.max(50, Math.floor(options.leaseTtlMs / 3)));
    this.leaseTimer.unref();
  }

  get size(): number {
    return this.chats.size;
  }

  /**
   * Starts a chat with `adapter` for `connection`; resolves once the backend accepted it. `created` learns the
   * chat id as soon as there is one, so a client that leaves during the start still gets its grace period.
   */
  async start(
    adapter: string,
    connectMessage: ConnectMessage,
    startOptions: StartChatOptions,
    connection: ChatConnection,
    created: (chatId: string) => void,
  ): Promise<{ chatId: string; token: string }> {
    const hosted = this.options.catalog.get(adapter);
    if (this.chats.size + this.reserved >= this.options.maxChats) {
      throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, `This gateway instance hosts ${this.chats.size} chats, the most it may; retry later`, {
        isRetryable: true,
        retryAfterMs: 5000,
      });
    }
    const chatId = randomId();
    const token = createSessionToken();
    const { stores, retention, instanceId, leaseTtlMs } = this.options;
    const record: ChatRecord = { chatId, adapter: hosted.plugin.name, tokenHash: hashSessionToken(token), createdAt: Date.now() };
    // Counted from now, so that starts under way together cannot pass maxChats.
    this.reserved += 1;
    try {
      await stores.chats.create(record, retention.liveMs);
      await stores.leases.acquire(chatId, instanceId, leaseTtlMs);
    } finally {
      this.reserved -= 1;
    }
    const chat = this.host(record, 0);
    await chat.attach(connection, 0, () => created(chatId));
    this.options.logger.info({ chatId, adapter: chat.adapter }, 'Starting a chat');
    try {
      await chat.session.startChat(connectMessage, startOptions);
    } catch (error) {
      // The user stays with the bot; nothing of this chat is kept.
      await chat.flush();
      await this.forget(chat);
      await Promise.all([stores.chats.delete(chatId), stores.events.delete(chatId)]);
      throw error;
    }
    // The client can resume as soon as it has the token: by then the chat's resume data must be stored.
    await chat.flush();
    return { chatId, token };
  }

  /**
   * Binds a returning client to its chat: `accepted` runs (to acknowledge), then the events after `afterSeq`
   * follow, each once. A chat that ended meanwhile still replays its final events. `accepted` learns the chat's
   * state and the adapter it was started with.
   * @throws UNAUTHORIZED when the chat is unknown or the token is not its token (the two look alike on purpose).
   */
  async resume(
    chatId: string,
    token: string,
    afterSeq: number,
    connection: ChatConnection,
    accepted: (state: ChatState, adapter: string) => void,
  ): Promise<void> {
    const hostedHere = this.chats.get(chatId);
    // A chat hosted here is known here even if the store lost it (Redis restarted empty): it is written back.
    const record = (await this.options.stores.chats.get(chatId)) ?? hostedHere?.chatRecord;
    if (!record || !sessionTokenMatches(token, record.tokenHash)) {
      throw new ServiceDeskError(ErrorCode.UNAUTHORIZED, 'Unknown chat, or not its session token');
    }
    if (hostedHere && hostedHere.chatRecord === record) await hostedHere.restore();
    this.cancelGrace(chatId);
    let chat = this.chats.get(chatId);
    if (!chat && record.endedAt === undefined) chat = await this.takeOver(record);
    if (chat) {
      const live = chat;
      await live.attach(connection, afterSeq, () => accepted(live.state, record.adapter));
      return;
    }
    const missed = await this.options.stores.events.readAfter(chatId, afterSeq);
    accepted('ended', record.adapter);
    for (const event of missed) connection.sendEvent(event);
  }

  /** The chat `chatId` if this instance hosts it and it has not ended. @throws CHAT_ENDED otherwise. */
  chat(chatId: string): HostedChat {
    const chat = this.chats.get(chatId);
    if (!chat) throw new ServiceDeskError(ErrorCode.CHAT_ENDED, 'The chat has ended', { state: 'ended' });
    return chat;
  }

  /** The client of `chatId` went away: the chat waits for it for the grace period, then ends. */
  detach(chatId: string, connection: ChatConnection): void {
    const chat = this.chats.get(chatId);
    if (!chat?.detach(connection)) return;
    this.cancelGrace(chatId);
    const timer = setTimeout(() => {
      this.graceTimers.delete(chatId);
      this.options.logger.info({ chatId, adapter: chat.adapter }, 'The client did not come back within the grace period: ending the chat');
      void this.end(chat);
    }, this.options.gracePeriodMs);
    timer.unref();
    this.graceTimers.set(chatId, timer);
  }

  /** Asks an adapter whether agents are online, outside any chat. */
  async availability(adapter: string, connectMessage: ConnectMessage): Promise<boolean | null> {
    const session = this.createSession(randomId(), adapter);
    return session.areAnyAgentsOnline(connectMessage);
  }

  /**
   * Another instance's client resumed `chatId` there: lets that instance have the chat, as at shutdown. The
   * chat's events and resume data are stored first, its client here (if any) is closed, and its lease and backend
   * connection are released without ending the chat at the backend; the other instance then resumes it with the
   * adapter's `reconnect`.
   */
  async handOver(chatId: string, requester: string): Promise<HandoverAnswer> {
    const chat = this.chats.get(chatId);
    if (!chat) return 'not-hosted';
    if (!chat.session.plugin.capabilities.resume) return 'cannot-move';
    // Not while it starts (nothing to resume it from yet), or moves already.
    if (this.moving.has(chatId) || chat.state === 'starting' || chat.chatRecord.persisted === undefined) return 'busy';
    this.moving.add(chatId);
    try {
      // Events the log has not got yet would be lost to the new owner.
      if (!(await chat.logged())) return 'busy';
      if (this.chats.get(chatId) !== chat) return 'not-hosted';
      this.options.logger.info({ chatId, adapter: chat.adapter, to: requester }, 'Handing the chat over to the instance its client resumed on');
      chat.connection?.close(CloseCode.REPLACED, 'The chat was resumed on another gateway instance');
      // A message on its way to the agent is logged first: the new owner then knows it was sent, and a client
      // that sends it again (it had no ack) does not reach the agent twice.
      await chat.session.sendsSettled();
      if (!(await chat.logged())) return 'busy';
      if (this.chats.get(chatId) !== chat) return 'not-hosted';
      await this.release(chat);
      // What was recorded while it was let go reaches the log before the new owner reads it.
      await chat.flush();
      return 'released';
    } finally {
      this.moving.delete(chatId);
    }
  }

  /**
   * Stops hosting. With shared stores each chat is handed over: its state is saved, its lease released, and its
   * client told to reconnect, which it does to another instance that resumes the chat. With stores of this
   * process nobody could resume it, so each chat is ended at the backend instead.
   */
  async close(): Promise<void> {
    clearInterval(this.leaseTimer);
    for (const timer of this.graceTimers.values()) clearTimeout(timer);
    this.graceTimers.clear();
    await Promise.all(
      [...this.chats.values()].map(async (chat) => {
        const connection = chat.connection;
        if (this.options.stores.shared) {
          await chat.flush();
          connection?.close(CloseCode.SERVICE_RESTART, 'The gateway is restarting: reconnect and resume');
          await this.release(chat);
          return;
        }
        await this.end(chat);
        connection?.close(CloseCode.CHAT_ENDED, 'The gateway shut down and ended the chat');
        await this.forget(chat);
      }),
    );
  }

  private async end(chat: HostedChat): Promise<void> {
    try {
      if (chat.state !== 'ended' && chat.state !== 'idle') await chat.session.endChat();
    } catch (error) {
      this.options.logger.warn({ chatId: chat.chatId, err: error }, 'Ending the chat at the backend failed');
    }
    await chat.flush();
  }

  /**
   * Hosts a chat hosted by no instance here, resuming it with the adapter's `reconnect`: its instance is gone, or
   * hands it over. Resolves undefined when the chat cannot be resumed (its instance died before it stored any
   * resume data: it is then recorded as ended) or has ended meanwhile.
   * @throws BACKEND_UNAVAILABLE (retryable) while another instance keeps the chat.
   */
  private async takeOver(known: ChatRecord): Promise<HostedChat | undefined> {
    const { chatId } = known;
    if (this.moving.has(chatId)) throw new ServiceDeskError(ErrorCode.BACKEND_UNAVAILABLE, 'The chat is moving to this instance; retry', { isRetryable: true });
    this.moving.add(chatId);
    try {
      await this.options.handover.claim(chatId);
      // A handing-over owner stored the chat's state last: the record as it left it.
      return await this.resumeClaimed((await this.options.stores.chats.get(chatId)) ?? known);
    } finally {
      this.moving.delete(chatId);
    }
  }

  /** Hosts the chat of `record`, whose lease this instance has just taken. */
  private async resumeClaimed(record: ChatRecord): Promise<HostedChat | undefined> {
    const { stores, instanceId, logger, retention } = this.options;
    const { chatId, adapter, persisted } = record;
    if (record.endedAt !== undefined) {
      await stores.leases.release(chatId, instanceId);
      return undefined;
    }
    if (!persisted) {
      logger.warn({ chatId, adapter }, "The chat's instance is gone and left nothing to resume it from: recording it as ended");
      await stores.chats.update(chatId, { endedAt: Date.now() }, retention.endedMs);
      await stores.leases.release(chatId, instanceId);
      return undefined;
    }
    const held = await stores.events.readHeld(chatId);
    const chat = this.host(record, await stores.events.lastSeq(chatId), held);
    logger.info({ chatId, adapter }, 'Taking the chat over');
    try {
      await chat.session.reconnect(persisted);
    } catch (error) {
      await this.forget(chat);
      throw error;
    }
    return chat;
  }

  /** Hosts the chat of `record`; `held`: its event log so far, when it is taken over. */
  private host(record: ChatRecord, seqOffset: number, held?: readonly WireEvent[]): HostedChat {
    const { chatId, adapter } = record;
    const chat = new HostedChat(this.hosting, {
      // The user's messages the agent got from the chat's earlier host are not sent again when a client resends them.
      session: this.createSession(chatId, adapter, held ? sentMessageIds(held) : undefined),
      record,
      seqOffset,
      ...(held ? { heldEvents: held, deliveredMessageIds: deliveredMessageIds(held) } : {}),
    });
    this.chats.set(chatId, chat);
    this.options.metrics.setActiveChats(this.chats.size);
    return chat;
  }

  private createSession(chatId: string, adapter: string, sent?: Iterable<string>): ChatSession {
    const { plugin, options } = this.options.catalog.get(adapter);
    const store = this.options.stores.adapterStore?.(plugin.name);
    const { logger, webhookHub } = this.options;
    // The session's bus holds no events: the hosted chat subscribes before the first one and replays from its event log.
    return new ChatSession({
      plugin,
      options,
      chatId,
      logger,
      webhookHub,
      eventBufferSize: 0,
      ...(store ? { store } : {}),
      ...(sent ? { sentMessageIds: sent } : {}),
    });
  }

  private async forget(chat: HostedChat): Promise<void> {
    if (this.chats.get(chat.chatId) !== chat) return;
    this.chats.delete(chat.chatId);
    this.cancelGrace(chat.chatId);
    this.options.metrics.setActiveChats(this.chats.size);
    chat.dispose();
    await this.options.stores.leases.release(chat.chatId, this.options.instanceId);
  }

  /**
   * Lets another instance have the chat: stops hosting it and releases the adapter's backend connection without
   * ending the chat at the backend. That is what `endChat({ endedByAgent: true })` means to an adapter ("do not
   * tell the backend, just tidy up"); the session's own end is no longer recorded, so clients never see it.
   */
  private async release(chat: HostedChat): Promise<void> {
    await this.forget(chat);
    try {
      if (chat.state !== 'ended' && chat.state !== 'idle') await chat.session.endChat({ endedByAgent: true });
    } catch (error) {
      this.options.logger.warn({ chatId: chat.chatId, err: error }, 'Releasing the backend connection failed');
    }
  }

  private cancelGrace(chatId: string): void {
    clearTimeout(this.graceTimers.get(chatId));
    this.graceTimers.delete(chatId);
  }

  /**
   * Renews this instance's leases. A chat whose lease another instance took over (this one was taken for dead)
   * is let go at once: its client is told to reconnect, and nothing more of it is written here.
   */
  async renewLeases(): Promise<void> {
    await Promise.all([...this.chats.values()].map((chat) => this.renewLease(chat)));
  }

  private async renewLease(chat: HostedChat): Promise<void> {
    const { stores, instanceId, leaseTtlMs, logger } = this.options;
    // Refused writes, a lapsed presence and the renewal timer may all ask at once: one check at a time is enough.
    if (this.renewing.has(chat)) return;
    this.renewing.add(chat);
    try {
      if (await stores.leases.renew(chat.chatId, instanceId, leaseTtlMs)) return;
      // Handed over (or ended) meanwhile: the lease is no longer this instance's to take back.
      if (this.chats.get(chat.chatId) !== chat) return;
      // The lease lapsed (Redis was slow or frozen past its TTL, or restarted empty) and nobody took the chat:
      // it stays here, and what the store lost of it is written back.
      if (await stores.leases.acquire(chat.chatId, instanceId, leaseTtlMs)) {
        logger.warn({ chatId: chat.chatId }, 'The lease on a chat had lapsed; nobody took the chat over: taken back');
        await chat.restore();
        return;
      }
      if (this.chats.get(chat.chatId) !== chat) return;
      logger.warn({ chatId: chat.chatId }, 'Lost the lease on a chat: another instance took it over');
      // Its new owner has the chat's log from when it took the lease: what this instance still holds of it is stale.
      chat.abandon();
      chat.connection?.close(CloseCode.SERVICE_RESTART, 'The chat moved to another gateway instance: reconnect and resume');
      await this.release(chat);
    } catch (error) {
      logger.warn({ chatId: chat.chatId, err: error }, 'Renewing a lease failed; retrying at the next round');
    } finally {
      this.renewing.delete(chat);
    }
  }
}

/** The messageIds of the user's messages among `events` (the agent got them). */
function sentMessageIds(events: readonly WireEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'userMessageSent' ? [event.messageId] : []));
}

/** The backend ids of the agent messages among `events`. */
function deliveredMessageIds(events: readonly WireEvent[]): Set<string> {
  return new Set(events.flatMap((event) => (event.type === 'sendMessageToUser' && event.message.id !== undefined ? [event.message.id] : [])));
}
