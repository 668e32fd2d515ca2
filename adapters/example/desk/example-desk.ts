import { randomId } from '@byosd/core';
import {
  type ClientFrame,
  clientFrameSchema,
  type DeskAgent,
  type DeskError,
  type DeskEvent,
  type EventFrame,
  type ServerFrame,
} from '../protocol/desk-protocol.js';

/** The desk's side of one client connection. */
export interface DeskClient {
  send(frame: ServerFrame): void;
  /** The desk drops the connection (a fault, or the desk shutting down). */
  close(): void;
}

/** What the desk gives a connected client: where to deliver its frames. */
export interface DeskConnection {
  receive(frame: unknown): void;
  /** The client went away. */
  disconnected(): void;
}

export type ChatStatus = 'queued' | 'active' | 'ended';

/** A user message as the agent received it. */
export interface ReceivedMessage {
  messageId: string;
  text: string;
  attachments: string[];
}

export interface DeskChat {
  readonly id: string;
  readonly topic: string;
  readonly preChat: Record<string, unknown>;
  status: ChatStatus;
  agent: DeskAgent | undefined;
  /** Every event, in order; index i holds eventId i + 1. */
  readonly events: EventFrame[];
  readonly received: ReceivedMessage[];
  userTyping: boolean;
  userReads: number;
  endedBy: 'user' | 'agent' | undefined;
  locale: string | undefined;
}

type Operation = ClientFrame['op'];

export interface ExampleDeskOptions {
  /** Whether agents are online: `null` makes availability unknown. Default true. */
  agentsOnline?: boolean | null;
}

/**
 * An in-process fake service desk: the "backend" of the example adapter. Clients speak the frames of
 * `protocol.ts`; the agent is played through the methods below (by the auto agent, a test's agent driver, or the
 * simulator's control API). It keeps every chat's event log for resume, ignores a repeated messageId, and can
 * inject faults: failing the next request of a kind, or dropping connections.
 */
export class ExampleDesk {
  private readonly chats = new Map<string, DeskChat>();
  private readonly subscribers = new Map<string, Set<DeskClient>>();
  private readonly clients = new Set<DeskClient>();
  private readonly failures = new Map<Operation, DeskError[]>();
  private readonly chatStartedListeners = new Set<(chat: DeskChat) => void>();
  private readonly userMessageListeners = new Set<(chat: DeskChat, message: ReceivedMessage) => void>();
  agentsOnline: boolean | null;

  constructor(options: ExampleDeskOptions = {}) {
    this.agentsOnline = options.agentsOnline === undefined ? true : options.agentsOnline;
  }

  /** Connects a client. */
  connect(client: DeskClient): DeskConnection {
    this.clients.add(client);
    return {
      receive: (frame) => this.handle(client, frame),
      disconnected: () => this.forget(client),
    };
  }

  // ---- The agent's side ----

  chat(chatId: string): DeskChat {
    const chat = this.chats.get(chatId);
    if (!chat) throw new Error(`No chat ${chatId} at the example desk`);
    return chat;
  }

  allChats(): DeskChat[] {
    return [...this.chats.values()];
  }

  /** Chats not yet accepted by an agent, oldest first. */
  waitingChats(): DeskChat[] {
    return this.allChats().filter((chat) => chat.status === 'queued');
  }

  /** Chats still open at the desk (not ended by either side). */
  openChats(): DeskChat[] {
    return this.allChats().filter((chat) => chat.status !== 'ended');
  }

  accept(chatId: string, agent: DeskAgent): void {
    const chat = this.live(chatId);
    chat.status = 'active';
    chat.agent = agent;
    this.emit(chat, { type: 'agent-joined', agent });
  }

  say(chatId: string, text: string, messageId: string = randomId()): string {
    const chat = this.live(chatId);
    this.emit(chat, { type: 'agent-message', messageId, agentId: chat.agent?.id ?? 'agent', text });
    return messageId;
  }

  type(chatId: string, isTyping: boolean): void {
    this.emit(this.live(chatId), { type: 'agent-typing', isTyping });
  }

  read(chatId: string): void {
    this.emit(this.live(chatId), { type: 'agent-read' });
  }

  /** Hands the chat to another agent, who joins at once. */
  transfer(chatId: string, to: DeskAgent): void {
    const chat = this.live(chatId);
    this.emit(chat, { type: 'transfer', to });
    chat.agent = to;
    this.emit(chat, { type: 'agent-joined', agent: to });
  }

  leave(chatId: string): void {
    const chat = this.live(chatId);
    chat.agent = undefined;
    this.emit(chat, { type: 'agent-left' });
  }

  end(chatId: string): void {
    const chat = this.live(chatId);
    chat.status = 'ended';
    chat.endedBy = 'agent';
    this.emit(chat, { type: 'chat-ended' });
  }

  setQueue(chatId: string, position: number, waitMinutes: number): void {
    this.emit(this.live(chatId), { type: 'queue', position, waitMinutes });
  }

  /** Re-sends an event the client already had (a duplicate delivery, as at-least-once backends do). */
  redeliver(chatId: string, eventId: number): void {
    const frame = this.chat(chatId).events[eventId - 1];
    if (frame) this.broadcast(frame);
  }

  onChatStarted(listener: (chat: DeskChat) => void): () => void {
    this.chatStartedListeners.add(listener);
    return () => this.chatStartedListeners.delete(listener);
  }

  onUserMessage(listener: (chat: DeskChat, message: ReceivedMessage) => void): () => void {
    this.userMessageListeners.add(listener);
    return () => this.userMessageListeners.delete(listener);
  }

  // ---- Faults ----

  /** The next `op` request fails with `error` (queued: call twice to fail twice). */
  failNext(op: Operation, error: DeskError): void {
    const queue = this.failures.get(op) ?? [];
    queue.push(error);
    this.failures.set(op, queue);
  }

  /** Drops every client connection, as a backend restart or network cut would. */
  dropConnections(): void {
    for (const client of [...this.clients]) {
      this.forget(client);
      client.close();
    }
  }

  // ---- The client protocol ----

  private handle(client: DeskClient, raw: unknown): void {
    const parsed = clientFrameSchema.safeParse(raw);
    if (!parsed.success) {
      const requestId = typeof raw === 'object' && raw !== null && 'requestId' in raw ? String(raw.requestId) : '';
      client.send({ kind: 'reply', requestId, error: { code: 'BAD_REQUEST', message: parsed.error.message } });
      return;
    }
    const frame = parsed.data;
    const failure = this.failures.get(frame.op)?.shift();
    if (failure) {
      client.send({ kind: 'reply', requestId: frame.requestId, error: failure });
      return;
    }
    const reply = (fields: { chatId?: string; online?: boolean; error?: DeskError } = {}) =>
      client.send({ kind: 'reply', requestId: frame.requestId, ...fields });
    if (frame.op === 'availability') return reply(this.agentsOnline === null ? {} : { online: this.agentsOnline });
    if (frame.op === 'start') {
      const chat = this.createChat(frame.topic, frame.preChat ?? {});
      this.subscribe(client, chat.id);
      reply({ chatId: chat.id });
      for (const listener of this.chatStartedListeners) listener(chat);
      return;
    }
    const chat = this.chats.get(frame.chatId);
    if (!chat) return reply({ error: { code: 'NOT_FOUND', message: `No chat ${frame.chatId}` } });
    if (frame.op === 'resume') {
      if (chat.status === 'ended' && chat.endedBy === 'user') return reply({ error: { code: 'CLOSED', message: 'The chat has ended' } });
      this.subscribe(client, chat.id);
      reply({ chatId: chat.id });
      for (const event of chat.events.slice(frame.afterEventId)) client.send(event);
      return;
    }
    if (chat.status === 'ended') return reply({ error: { code: 'CLOSED', message: 'The chat has ended' } });
    switch (frame.op) {
      case 'send': {
        if (chat.received.some((message) => message.messageId === frame.messageId)) return reply();
        const message = { messageId: frame.messageId, text: frame.text, attachments: frame.attachments ?? [] };
        chat.received.push(message);
        // Acknowledge before the agent reacts, as a real desk acknowledges before anyone reads the message.
        reply();
        for (const listener of this.userMessageListeners) listener(chat, message);
        return;
      }
      case 'typing':
        chat.userTyping = frame.isTyping;
        return reply();
      case 'read':
        chat.userReads += 1;
        return reply();
      case 'state':
        chat.locale = frame.locale ?? chat.locale;
        return reply();
      case 'end':
        chat.status = 'ended';
        chat.endedBy = 'user';
        return reply();
    }
  }

  private createChat(topic: string, preChat: Record<string, unknown>): DeskChat {
    const chat: DeskChat = {
      id: randomId(),
      topic,
      preChat,
      status: 'queued',
      agent: undefined,
      events: [],
      received: [],
      userTyping: false,
      userReads: 0,
      endedBy: undefined,
      locale: undefined,
    };
    this.chats.set(chat.id, chat);
    return chat;
  }

  private live(chatId: string): DeskChat {
    const chat = this.chat(chatId);
    if (chat.status === 'ended') throw new Error(`Chat ${chatId} has ended`);
    return chat;
  }

  private emit(chat: DeskChat, event: DeskEvent): void {
    const frame: EventFrame = { kind: 'event', chatId: chat.id, eventId: chat.events.length + 1, event };
    chat.events.push(frame);
    this.broadcast(frame);
  }

  private broadcast(frame: EventFrame): void {
    for (const client of this.subscribers.get(frame.chatId) ?? []) client.send(frame);
  }

  private subscribe(client: DeskClient, chatId: string): void {
    let set = this.subscribers.get(chatId);
    if (!set) this.subscribers.set(chatId, (set = new Set()));
    set.add(client);
  }

  private forget(client: DeskClient): void {
    this.clients.delete(client);
    for (const set of this.subscribers.values()) set.delete(client);
  }
}
