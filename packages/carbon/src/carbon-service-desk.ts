import { type ChatEvent, type ChatSession, type ChatState, LIVE_STATES } from '@byosd/core';
import { type DeskSource, openDesk } from '@byosd/widget/desk-source';
import type {
  AdditionalDataToAgent,
  EndChatInfo as CarbonEndChatInfo,
  FileUpload as CarbonFileUpload,
  MessageRequest as CarbonMessageRequest,
  MessageResponse as CarbonMessageResponse,
  ServiceDeskCallback,
  StartChatOptions as CarbonStartChatOptions,
} from '@carbon/ai-chat';
import { type BridgeState, readBridgeState } from './bridge-state.js';
import { CallbackQueue } from './callback-queue.js';
import { ChatTranscript } from './chat-transcript.js';
import { toByosdConnectMessage, toByosdStartOptions } from './connect-message.js';
import { carbonDeskName } from './desk-name.js';
import { toByosdEndChatInfo } from './end-chat-info.js';
import { forwardEvent } from './forward-event.js';
import { RefusedMethods } from './not-supported.js';
import { toByosdUserMessage } from './user-message.js';

const isLive = (state: ChatState) => (LIVE_STATES as readonly ChatState[]).includes(state);

/** The adapter's own name: the one behind the gateway, or the plugin's in the page. */
export function adapterNameOf(source: DeskSource): string {
  return 'gateway' in source ? source.gateway.adapter : source.plugin.name;
}

/**
 * One Carbon service desk over byosd. Carbon creates its desk once, when it loads, and starts any number of chats
 * on it; byosd runs one chat session per chat. So the desk opens a fresh session for each chat (and keeps one
 * ready before the first, to name the adapter), forwards each session's events to Carbon's callback in order,
 * and keeps the chat (its persisted state, its seq, its messages) in Carbon's persisted state to resume it after
 * a reload.
 */
export class CarbonServiceDesk {
  private readonly source: DeskSource;
  private readonly carbon: ServiceDeskCallback;
  private readonly queue = new CallbackQueue();
  private readonly refused = new RefusedMethods();
  private session: ChatSession;
  /** The session has not been used for a chat yet. */
  private pristine = true;
  private unsubscribe: (() => void) | undefined;
  private starting = false;
  /** Carbon shows the agent typing. */
  private agentTyping = false;
  private state: BridgeState;
  private transcript: ChatTranscript;

  constructor(source: DeskSource, carbon: ServiceDeskCallback, persistedState: unknown) {
    this.source = source;
    this.carbon = carbon;
    this.state = readBridgeState(persistedState);
    this.transcript = new ChatTranscript(this.state.history, this.state.chat?.agent);
    this.session = openDesk(source);
  }

  /** The session's manifest: what the adapter (or, through a gateway, the protocol) declares. */
  get capabilities() {
    return this.session.plugin.capabilities;
  }

  getName(): string {
    return carbonDeskName(this.session.getName());
  }

  async startChat(connectMessage: CarbonMessageResponse, options: CarbonStartChatOptions | undefined): Promise<void> {
    const session = this.attach(this.sessionForNewChat());
    this.transcript = new ChatTranscript();
    this.state = { version: 1, lastSeq: 0, history: [] };
    this.starting = true;
    try {
      await session.startChat(toByosdConnectMessage(connectMessage, adapterNameOf(this.source)), toByosdStartOptions(options));
    } finally {
      this.starting = false;
    }
  }

  async endChat(info: Partial<CarbonEndChatInfo> | undefined): Promise<void> {
    if (this.session.state === 'idle') return; // Carbon tidies up after a start that failed: nothing is open.
    await this.session.endChat(toByosdEndChatInfo(info));
  }

  async sendMessageToAgent(message: CarbonMessageRequest, messageID: string, additionalData: AdditionalDataToAgent | undefined): Promise<void> {
    const { message: request, extra } = toByosdUserMessage(message, additionalData);
    await this.session.sendMessageToAgent(request, messageID, extra);
  }

  async areAnyAgentsOnline(connectMessage: CarbonMessageResponse): Promise<boolean | null> {
    // Asked while a chat is live (a bot's connect answer during it), a session of its own answers.
    const session = isLive(this.session.state) ? openDesk(this.source) : this.sessionForNewChat();
    return this.refused.settle('areAnyAgentsOnline', null, () => session.areAnyAgentsOnline(toByosdConnectMessage(connectMessage, adapterNameOf(this.source))));
  }

  async userTyping(isTyping: boolean): Promise<void> {
    if (!isLive(this.session.state)) return;
    await this.refused.settle('userTyping', undefined, () => this.session.userTyping(isTyping));
  }

  async userReadMessages(): Promise<void> {
    if (!isLive(this.session.state)) return;
    await this.refused.settle('userReadMessages', undefined, () => this.session.userReadMessages());
  }

  /** Carbon does not wait for this one: a failure is reported on each file, where Carbon shows it. */
  filesSelectedForUpload(uploads: CarbonFileUpload[]): void {
    const files = uploads.map((upload) => ({ id: upload.id, file: upload.file }));
    this.session.filesSelectedForUpload(files).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      for (const upload of uploads) void this.queue.run('setFileUploadStatus', () => this.carbon.setFileUploadStatus(upload.id, true, message));
    });
  }

  /**
   * Carbon calls this without an argument after a reload when the user was with an agent: the bridge resumes the
   * chat from what it kept in Carbon's persisted state. False (Carbon then shows the chat as ended) when there is
   * nothing to resume, the chat is gone at the backend, or the adapter cannot resume.
   */
  async reconnect(): Promise<boolean> {
    const saved = this.state.chat;
    if (!saved || !isLive(saved.state) || !this.pristine) return false;
    const session = this.attach(openDesk(this.source, { chatId: saved.chatId, firstSeq: this.state.lastSeq + 1 }));
    return this.refused.settle('reconnect', false, () => session.reconnect(saved));
  }

  /** Settles when Carbon has been told about every event so far. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private sessionForNewChat(): ChatSession {
    if (!this.pristine) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
      this.session = openDesk(this.source);
      this.pristine = true;
    }
    return this.session;
  }

  private attach(session: ChatSession): ChatSession {
    this.unsubscribe?.();
    this.session = session;
    this.pristine = false;
    this.unsubscribe = session.events.subscribe((event) => this.apply(event));
    return session;
  }

  /**
   * byosd's widgets take an agent's message as the end of their typing (not every backend says so); Carbon keeps
   * showing the indicator until told, so the bridge tells it, before the message.
   */
  private stopAgentTyping(): void {
    if (!this.agentTyping) return;
    this.agentTyping = false;
    void this.queue.run('agentTyping', () => this.carbon.agentTyping(false));
  }

  private apply(event: ChatEvent): void {
    const redelivered = event.type === 'sendMessageToUser' && this.transcript.holdsAgentMessage(event);
    if (event.type === 'sendMessageToUser' && !redelivered) this.stopAgentTyping();
    if (event.type === 'agentTyping') this.agentTyping = event.isTyping;
    if (!redelivered) forwardEvent(event, { carbon: this.carbon, queue: this.queue, starting: this.starting });
    this.transcript.record(event);
    this.state = {
      version: 1,
      ...(event.type === 'updatePersistedState' ? { chat: event.state } : this.state.chat ? { chat: this.state.chat } : {}),
      lastSeq: event.seq,
      history: [...this.transcript.history],
    };
    this.carbon.updatePersistedState(this.state, false);
  }
}
