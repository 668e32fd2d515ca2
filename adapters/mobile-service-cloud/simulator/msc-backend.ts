import { randomUUID } from 'node:crypto';
import { type AgentIdentity } from '@byosd/conformance';

export type MscConversationStatus = 'pending' | 'queued' | 'active' | 'ended';

/** What MSC's agent side sends the channel: the router turns it into a TwoWay delivery. */
export type MscOutbound =
  | { type: 'text'; text: string; agent: AgentIdentity }
  | { type: 'typing'; isTyping: boolean }
  | { type: 'event'; event: 'agentJoined' | 'agentLeft' | 'transferStarted' | 'conversationEnded'; agent?: AgentIdentity };

/** One MSC conversation: opened by an Enable mutation (pending), queued by the handover message. */
export interface MscConversation {
  id: string;
  /** The router's ChatId. */
  chatId: string;
  /** The mutation's Context: skill, webstore, channel, referrer, question, intake answers. */
  context: Record<string, string>;
  status: MscConversationStatus;
  topic: string;
  agent?: AgentIdentity;
  endedBy?: 'user' | 'agent';
  messages: Array<{ messageId: string; text: string }>;
  seenIds: Set<string>;
  userTyping: boolean;
}

/**
 * Mobile Service Cloud's conversations and the router's rule per chat (bot -> MSC enabled or not). The router
 * routes a chat's messages to MSC only while its rule is enabled.
 */
export class MscBackend {
  private readonly conversations: MscConversation[] = [];
  private readonly enabledRules = new Set<string>();
  private readonly listeners = new Set<(conversation: MscConversation) => void>();
  /** Whether any agent is online (presence); null: the presence service cannot tell (answers 404). */
  agentsOnline: boolean | null = true;

  /** `outbound` delivers what the agent side says to the channel and answers the delivery's id. */
  constructor(private readonly outbound: (conversation: MscConversation, message: MscOutbound) => string) {}

  isRouted(chatId: string): boolean {
    return this.enabledRules.has(chatId);
  }

  /** Enable: the router routes the chat to MSC, and MSC opens a conversation unless one is open. */
  enable(chatId: string, context: Record<string, string>): MscConversation {
    this.enabledRules.add(chatId);
    const open = this.openConversation(chatId);
    if (open) return open;
    const conversation: MscConversation = {
      id: randomUUID(),
      chatId,
      context,
      status: 'pending',
      topic: context.question ?? '',
      messages: [],
      seenIds: new Set(),
      userTyping: false,
    };
    this.conversations.push(conversation);
    return conversation;
  }

  /** Disable: the chat goes back to the bot, and an open MSC conversation of it is closed. */
  disable(chatId: string): void {
    this.enabledRules.delete(chatId);
    const open = this.openConversation(chatId);
    if (open) this.end(open, 'user');
  }

  openConversation(chatId: string): MscConversation | undefined {
    return this.conversations.find((conversation) => conversation.chatId === chatId && conversation.status !== 'ended');
  }

  /** The handover message reached MSC: the conversation waits for an agent. */
  queue(conversation: MscConversation, question: string): void {
    conversation.topic = question;
    if (conversation.status === 'pending') conversation.status = 'queued';
    for (const listener of this.listeners) listener(conversation);
  }

  /** A user message; false when its Id was seen (a retried delivery). */
  addUserMessage(conversation: MscConversation, messageId: string, text: string): boolean {
    if (conversation.seenIds.has(messageId)) return false;
    conversation.seenIds.add(messageId);
    conversation.messages.push({ messageId, text });
    return true;
  }

  end(conversation: MscConversation, by: 'user' | 'agent'): void {
    if (conversation.status === 'ended') return;
    conversation.status = 'ended';
    conversation.endedBy = by;
    conversation.userTyping = false;
    if (by === 'agent') this.send(conversation, { type: 'event', event: 'conversationEnded' });
  }

  /** Sends to the channel through the router; the TwoWay message's Id. */
  send(conversation: MscConversation, message: MscOutbound): string {
    return this.outbound(conversation, message);
  }

  all(): readonly MscConversation[] {
    return this.conversations;
  }

  find(id: string): MscConversation | undefined {
    return this.conversations.find((conversation) => conversation.id === id);
  }

  onQueued(listener: (conversation: MscConversation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  clear(): void {
    this.conversations.length = 0;
    this.enabledRules.clear();
    this.agentsOnline = true;
  }
}
