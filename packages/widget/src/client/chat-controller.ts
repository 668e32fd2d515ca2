import {
  type AgentAvailability,
  type AgentProfile,
  type ChatEvent,
  type ChatSession,
  type ChatState,
  type ConnectMessage,
  connectMessage,
  ErrorCode,
  isServiceDeskError,
  type JsonObject,
  LIVE_STATES,
  messageText,
  randomId,
} from '@byosd/core';
import { ChatStorage, type StoredChat } from './chat-storage.js';
import { type DeskSource, openDesk, sourceAdapterName } from './desk-source.js';
import { entryKey, type TranscriptEntry } from './transcript.js';

/** Why the widget shows an error line. */
export type WidgetError = { kind: 'connecting'; messageToUser?: string } | { kind: 'no-agents' } | { kind: 'resume-failed' };

/** Everything the chat UI shows, rebuilt from the chat's events. */
export interface ChatView {
  state: ChatState;
  agent?: AgentProfile;
  agentTyping: boolean;
  availability?: AgentAvailability;
  /** The connection to the backend (or gateway) dropped and is being restored. */
  reconnecting: boolean;
  /** A stored chat is being resumed after a page reload; input waits for it. */
  resuming: boolean;
  error?: WidgetError;
  transcript: readonly TranscriptEntry[];
}

export type ChatViewListener = (view: ChatView) => void;

export interface ChatControllerOptions {
  source: DeskSource;
  /** Names the session storage entry; two widgets on one page need two keys. */
  storageKey: string;
  storage?: Storage;
}

/**
 * The widget's chat, without the DOM: opens the desk, turns its events into a `ChatView`, keeps the chat in
 * session storage after every event, and resumes it after a reload. The `<byosd-chat>` element renders it; a
 * widget with its own UI can use it directly.
 */
export class ChatController {
  private readonly source: DeskSource;
  private readonly storage: ChatStorage;
  private readonly listeners = new Set<ChatViewListener>();
  private desk: ChatSession | undefined;
  private unsubscribe: (() => void) | undefined;
  private stored: StoredChat | undefined;
  private agentEnded = false;
  /** The user asked to end the chat (so an end is theirs, not the backend's). */
  private endRequested = false;
  /** The transcript entry of the question the chat started with: sent with the start, confirmed by the queue. */
  private questionId: string | undefined;
  private view: ChatView = { state: 'idle', agentTyping: false, reconnecting: false, resuming: false, transcript: [] };
  /** The adapter answered a typing report with NOT_SUPPORTED (see `canReportTyping`). */
  private typingRefused = false;

  constructor(options: ChatControllerOptions) {
    this.source = options.source;
    this.storage = new ChatStorage(options.storageKey, options.storage);
  }

  get current(): ChatView {
    return this.view;
  }

  /**
   * Whether the adapter lets the agent see the user typing. Through a gateway the manifest is the protocol's, which
   * can carry typing for any adapter: the first NOT_SUPPORTED from the one behind it says no for the rest of the chat.
   */
  get canReportTyping(): boolean {
    return this.desk?.plugin.capabilities.userTyping === true && !this.typingRefused;
  }

  /** Calls `listener` with the view now and after every change; returns a function that stops it. */
  subscribe(listener: ChatViewListener): () => void {
    this.listeners.add(listener);
    listener(this.view);
    return () => this.listeners.delete(listener);
  }

  /** Picks up the chat this tab had before a reload, if any: shows its transcript and resumes it. */
  async resume(): Promise<void> {
    const stored = this.storage.load();
    if (!stored) return;
    if (stored.persisted.adapter !== sourceAdapterName(this.source)) {
      this.storage.clear(); // Stored by a widget configured for another adapter.
      return;
    }
    this.stored = stored;
    const live = (LIVE_STATES as readonly ChatState[]).includes(stored.persisted.state);
    this.update({ transcript: stored.transcript, state: live ? stored.persisted.state : 'ended', resuming: live, ...agentOf(stored.persisted.agent) });
    if (!live) return;
    const desk = this.attach(openDesk(this.source, { chatId: stored.persisted.chatId, firstSeq: stored.lastSeq + 1 }));
    try {
      await desk.reconnect(stored.persisted);
      this.update({ resuming: false });
      this.resendUnconfirmed(desk);
    } catch (error) {
      console.warn('byosd: could not resume the chat', error);
      this.detach();
      this.update({ resuming: false, state: 'ended', error: { kind: 'resume-failed' } });
    }
  }

  /**
   * Asks for an agent with the user's question and intake answers. Resolves false, starting nothing, when the
   * adapter can tell that no agent is online (an unknown answer goes ahead); rejects when the chat could not start.
   * `escalation` is the connect message to start with when a bot handed the user over (its `session_history_key`
   * reaches the adapter); by default, one made of the question.
   */
  async start(question: string, answers: JsonObject = {}, escalation: ConnectMessage = connectMessage(question)): Promise<boolean> {
    this.detach();
    this.storage.clear();
    this.stored = undefined;
    this.agentEnded = false;
    this.endRequested = false;
    // The question opens the transcript: the agent reads it first (`message_to_human_agent`).
    this.questionId = randomId();
    this.view = {
      state: 'idle',
      agentTyping: false,
      reconnecting: false,
      resuming: false,
      transcript: [{ kind: 'user', messageId: this.questionId, text: question, status: 'sending', at: Date.now() }],
    };
    const desk = this.attach(openDesk(this.source));
    try {
      if (desk.plugin.capabilities.agentAvailability && (await desk.areAnyAgentsOnline(escalation)) === false) {
        this.detach();
        this.update({ transcript: [], error: { kind: 'no-agents' } });
        return false;
      }
      await desk.startChat(escalation, Object.keys(answers).length > 0 ? { preStartChatPayload: answers } : {});
      return true;
    } catch (error) {
      // The session reported CONNECTING and went back to idle: the user may try again.
      this.detach();
      this.update({ transcript: [] });
      throw error;
    }
  }

  /** Sends a user message; it shows at once, then as sent or failed. */
  send(text: string): void {
    const desk = this.desk;
    if (!desk) return;
    const messageId = randomId();
    this.update({ transcript: [...this.view.transcript, { kind: 'user', messageId, text, status: 'sending', at: Date.now() }] });
    this.deliver(desk, text, messageId);
  }

  private deliver(desk: ChatSession, text: string, messageId: string): void {
    desk.sendMessageToAgent({ input: { text } }, messageId).catch(() => this.markUserMessage(messageId, 'failed'));
  }

  /**
   * Sends again, under the same ids, the messages a reload cut off before the backend confirmed them: the id is
   * the idempotency key, so one that did arrive is not delivered twice.
   */
  private resendUnconfirmed(desk: ChatSession): void {
    if (!this.isLive()) return;
    for (const entry of this.view.transcript) {
      if (entry.kind === 'user' && entry.status === 'sending') this.deliver(desk, entry.text, entry.messageId);
    }
  }

  /** Tells the agent whether the user is typing, when the adapter can. */
  setTyping(isTyping: boolean): void {
    if (!this.canReportTyping || !this.isLive()) return;
    this.desk?.userTyping(isTyping).catch((error: unknown) => {
      if (isServiceDeskError(error, ErrorCode.NOT_SUPPORTED)) this.typingRefused = true;
      else console.warn('byosd: typing not reported', error);
    });
  }

  async end(): Promise<void> {
    this.endRequested = true;
    await this.desk?.endChat();
  }

  /** Forgets an ended chat, so that a new one can start. */
  reset(): void {
    this.detach();
    this.storage.clear();
    this.stored = undefined;
    this.update({
      state: 'idle',
      agentTyping: false,
      reconnecting: false,
      resuming: false,
      transcript: [],
      agent: undefined,
      availability: undefined,
      error: undefined,
    });
  }

  private isLive(): boolean {
    return (LIVE_STATES as readonly ChatState[]).includes(this.view.state);
  }

  private attach(desk: ChatSession): ChatSession {
    this.desk = desk;
    this.typingRefused = false;
    this.unsubscribe = desk.events.subscribe((event) => this.apply(event));
    return desk;
  }

  private detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.desk = undefined;
  }

  private apply(event: ChatEvent): void {
    switch (event.type) {
      case 'chatStateChanged':
        if (event.state === 'ended' && this.endRequested && !this.agentEnded) this.addNotice(event.seq, 'userEnded');
        if (event.state === 'queued' && this.questionId !== undefined) this.markUserMessage(this.questionId, 'sent');
        this.update({
          state: event.state,
          ...(event.state === 'ended' ? { agentTyping: false } : {}),
          ...(event.state === 'idle' ? {} : { error: undefined }),
        });
        break;
      case 'agentJoined':
        this.addNotice(event.seq, 'agentJoined', event.profile.nickname);
        this.update({ agent: event.profile, agentTyping: false, availability: undefined });
        break;
      case 'agentLeftChat':
        this.addNotice(event.seq, 'agentLeft', this.view.agent?.nickname);
        this.update({ agent: undefined, agentTyping: false });
        break;
      case 'beginTransferToAnotherAgent':
        this.addNotice(event.seq, 'transfer', event.profile?.nickname);
        break;
      case 'agentEndedChat':
        this.agentEnded = true;
        this.addNotice(event.seq, 'agentEnded', this.view.agent?.nickname);
        break;
      case 'agentTyping':
        this.update({ agentTyping: event.isTyping });
        break;
      case 'sendMessageToUser':
        this.addAgentMessage(event);
        this.desk?.userReadMessages().catch(() => undefined); // Read receipts are best effort and optional.
        break;
      case 'updateAgentAvailability':
        this.update({ availability: event.availability });
        break;
      case 'setErrorStatus':
        if (event.info.type === 'CONNECTING') this.update({ error: { kind: 'connecting', ...this.connectingMessage(event.info.messageToUser) } });
        if (event.info.type === 'DISCONNECTED') this.update({ reconnecting: event.info.isDisconnected });
        if (event.info.type === 'USER_MESSAGE') this.markUserMessage(event.info.messageId, 'failed');
        break;
      case 'userMessageSent':
        if (this.view.transcript.some((entry) => entry.kind === 'user' && entry.messageId === event.messageId)) this.markUserMessage(event.messageId, 'sent');
        else this.append({ kind: 'user', messageId: event.messageId, text: event.message.input.text, status: 'sent', at: event.at });
        break;
      case 'updatePersistedState':
        this.stored = { persisted: event.state, transcript: [], lastSeq: 0 };
        break;
      case 'agentReadMessages':
      case 'setFileUploadStatus':
      case 'updateCapabilities':
        break;
    }
    this.save(event.seq);
  }

  /**
   * What to tell the user about a failed start: the adapter's own words when it gave some. The chat session follows
   * the adapter's report with one of its own that has none, which must not wipe them out.
   */
  private connectingMessage(messageToUser: string | undefined): { messageToUser?: string } {
    const earlier = this.view.error?.kind === 'connecting' ? this.view.error.messageToUser : undefined;
    const message = messageToUser ?? earlier;
    return message === undefined ? {} : { messageToUser: message };
  }

  private addAgentMessage(event: Extract<ChatEvent, { type: 'sendMessageToUser' }>): void {
    const messageId = event.message.id;
    if (messageId !== undefined && this.view.transcript.some((entry) => entry.kind === 'agent' && entry.messageId === messageId)) return;
    const agentName = this.view.agent?.id === event.agentId ? this.view.agent.nickname : (this.view.agent?.nickname ?? '');
    const isError = event.message.output.generic.some((item) => item.response_type === 'inline_error');
    this.append({
      kind: 'agent',
      seq: event.seq,
      ...(messageId === undefined ? {} : { messageId }),
      agentName,
      text: messageText(event.message),
      isError,
      at: event.at,
    });
    this.update({ agentTyping: false });
  }

  private addNotice(seq: number, notice: Extract<TranscriptEntry, { kind: 'notice' }>['notice'], agentName?: string): void {
    this.append({ kind: 'notice', seq, notice, ...(agentName === undefined ? {} : { agentName }), at: Date.now() });
  }

  private append(entry: TranscriptEntry): void {
    const key = entryKey(entry);
    if (this.view.transcript.some((existing) => entryKey(existing) === key)) return;
    this.update({ transcript: [...this.view.transcript, entry] });
  }

  private markUserMessage(messageId: string, status: 'sent' | 'failed'): void {
    this.update({
      transcript: this.view.transcript.map((entry) =>
        entry.kind === 'user' && entry.messageId === messageId && entry.status !== 'sent' ? { ...entry, status } : entry,
      ),
    });
  }

  private save(lastSeq: number): void {
    if (!this.stored) return;
    this.stored = { persisted: this.stored.persisted, transcript: [...this.view.transcript], lastSeq };
    this.storage.save(this.stored);
  }

  private update(change: Partial<ChatView>): void {
    const next = { ...this.view, ...change };
    for (const key of Object.keys(change) as Array<keyof ChatView>) if (change[key] === undefined) delete next[key];
    this.view = next;
    for (const listener of [...this.listeners]) listener(this.view);
  }
}

function agentOf(agent: AgentProfile | undefined): Partial<ChatView> {
  return agent === undefined ? {} : { agent };
}
