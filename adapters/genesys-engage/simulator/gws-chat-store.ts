import { randomUUID } from 'node:crypto';
import { type AgentIdentity } from '@byosd/conformance';
import type { ChatMessage, ChatState, MessageType, Participant } from '../protocol/index.js';

/** One customer chat as GWS holds it. */
export interface GwsChat {
  id: string;
  contactCenterId: string;
  subject: string;
  endpoint: string | undefined;
  userData: Record<string, string>;
  state: ChatState;
  customer: Participant;
  /** The agents in the chat now, in the order they joined. */
  agents: Participant[];
  /** Every message, index order. */
  messages: ChatMessage[];
  /** The server-side cursor: the highest index this chat's client has received without naming an index. */
  cursor: number;
  /** The page answered to the last cursor request, for the repeated-page fault. */
  lastCursorPage: ChatMessage[];
  customerTyping: boolean;
  endedBy?: 'user' | 'agent';
}

export interface NewChat {
  contactCenterId: string;
  nickname: string;
  subject: string;
  endpoint: string | undefined;
  userData: Record<string, string>;
}

/** The customer's participant id in every chat: GWS numbers participants per chat. */
const CUSTOMER_PARTICIPANT_ID = '1';

/**
 * The chats of the simulated GWS and every change to them. Indices start at 1 (the customer's ParticipantJoined)
 * and grow by one per message, so `index=0` returns the whole transcript.
 */
export class GwsChatStore {
  private readonly chats = new Map<string, GwsChat>();
  private readonly startedListeners = new Set<(chat: GwsChat) => void>();

  create(request: NewChat): GwsChat {
    const chat: GwsChat = {
      id: randomUUID(),
      contactCenterId: request.contactCenterId,
      subject: request.subject,
      endpoint: request.endpoint,
      userData: request.userData,
      state: 'WaitingForAgent',
      customer: { nickname: request.nickname, participantId: CUSTOMER_PARTICIPANT_ID, type: 'Customer' },
      agents: [],
      messages: [],
      cursor: 0,
      lastCursorPage: [],
      customerTyping: false,
    };
    this.chats.set(chat.id, chat);
    this.append(chat, 'ParticipantJoined', chat.customer);
    for (const listener of this.startedListeners) listener(chat);
    return chat;
  }

  find(chatId: string): GwsChat | undefined {
    return this.chats.get(chatId);
  }

  all(): GwsChat[] {
    return [...this.chats.values()];
  }

  onStarted(listener: (chat: GwsChat) => void): () => void {
    this.startedListeners.add(listener);
    return () => this.startedListeners.delete(listener);
  }

  append(chat: GwsChat, type: MessageType, from: Participant, text?: string): ChatMessage {
    const message: ChatMessage = { from: { ...from }, index: chat.messages.length + 1, type, utcTime: Date.now(), ...(text === undefined ? {} : { text }) };
    chat.messages.push(message);
    return message;
  }

  /** Messages from `index` on (`index=N`), leaving the cursor alone. */
  fromIndex(chat: GwsChat, index: number): ChatMessage[] {
    return chat.messages.filter((message) => message.index >= index);
  }

  /** What the client has not received yet, moving the cursor past it. */
  takeUnread(chat: GwsChat): ChatMessage[] {
    const page = chat.messages.filter((message) => message.index > chat.cursor);
    chat.cursor = chat.messages.length;
    chat.lastCursorPage = page;
    return page;
  }

  agentJoins(chat: GwsChat, agent: AgentIdentity): void {
    const participant: Participant = { nickname: agent.name, participantId: agent.id, type: 'Agent' };
    const rejoin = chat.messages.some((message) => message.type === 'ParticipantLeft' && message.from.participantId === agent.id);
    chat.agents.push(participant);
    chat.state = 'Chatting';
    this.append(chat, rejoin ? 'ParticipantRejoined' : 'ParticipantJoined', participant);
  }

  agentLeaves(chat: GwsChat, agent: Participant): void {
    chat.agents = chat.agents.filter((present) => present.participantId !== agent.participantId);
    this.append(chat, 'ParticipantLeft', agent);
    if (chat.agents.length === 0 && chat.state === 'Chatting') chat.state = 'WaitingForAgent';
  }

  /**
   * Ends the chat and it goes Idle. The customer's Complete: the customer leaves. An agent's end: the agents
   * leave, and the customer learns that the chat is over from its state.
   */
  end(chat: GwsChat, by: 'user' | 'agent'): void {
    if (chat.state === 'Idle') return;
    if (by === 'agent') for (const agent of [...chat.agents]) this.agentLeaves(chat, agent);
    else this.append(chat, 'ParticipantLeft', chat.customer);
    chat.agents = [];
    chat.state = 'Idle';
    chat.customerTyping = false;
    chat.endedBy = by;
  }

  clear(): void {
    this.chats.clear();
  }
}
