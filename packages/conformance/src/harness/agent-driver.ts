import { z } from 'zod';

/** A human agent as a simulator knows them. */
export interface AgentIdentity {
  id: string;
  name: string;
}

/** Parses an {@link AgentIdentity}. */
export const agentIdentitySchema = z.object({ id: z.string().min(1), name: z.string().min(1) });

/** A chat's status as the agent's side sees it. */
export type AgentChatStatus = 'queued' | 'active' | 'ended';

/** A chat as the agent's console shows it: what the agent really received from the user. */
export interface AgentChat {
  /** The backend's id of the chat (not the user side's chatId). */
  chatId: string;
  /** The user's question: the connect message's `message_to_human_agent`. */
  topic: string;
  /** What the user gave before the chat (`preStartChatPayload`: intake answers, the bot's context), when any. */
  preChat?: Record<string, unknown>;
  status: AgentChatStatus;
  agent?: AgentIdentity;
  endedBy?: 'user' | 'agent';
  /** Every user message the backend accepted, in order, once each, with the names of the files attached to it. */
  messages: Array<{ messageId: string; text: string; attachments: string[] }>;
  userTyping: boolean;
  /** How often the user reported reading the agent's messages. */
  userReads: number;
  /** The user's locale, as the user side last reported it (`updateState`). */
  locale?: string;
}

/** One thing the agent does on a chat, for `AgentDriver.actOnNextChat`. */
export type AgentAction = { type: 'accept'; agent: AgentIdentity } | { type: 'say'; text: string } | { type: 'end' };

/** Which chats `AgentDriver.chats` lists. */
export type AgentChatFilter = 'waiting' | 'open' | 'all';

/**
 * Plays the human agent through a simulator's back door, and reports what the agent really received. Every
 * simulator implements it; the conformance suite verifies adapters through it and never back through the adapter
 * under test. All methods are async so that a driver may live in another process (over the control API).
 *
 * Agent actions on an unknown chat reject with `AgentActionError` code `UNKNOWN_CHAT`, on an ended one with
 * `CHAT_ENDED`.
 */
export interface AgentDriver {
  /** Chats waiting for an agent (`waiting`), not yet ended (`open`), or all of them, oldest first. */
  chats(filter?: AgentChatFilter): Promise<AgentChat[]>;
  /** The chat `chatId` as the agent's side sees it. */
  chat(chatId: string): Promise<AgentChat>;
  /** Resolves with the chat whose topic is `topic` once the backend has it; rejects with TIMEOUT after `timeoutMs`. */
  waitForChat(topic: string, timeoutMs?: number): Promise<AgentChat>;
  /** The agent takes the chat `chatId` (the backend's id) as `agent`. */
  accept(chatId: string, agent: AgentIdentity): Promise<void>;
  /** Sends an agent message; returns the backend's id for it. */
  say(chatId: string, text: string, messageId?: string): Promise<string>;
  /** The agent starts or stops typing. */
  type(chatId: string, isTyping: boolean): Promise<void>;
  /** The agent reads the user's messages. */
  read(chatId: string): Promise<void>;
  /** Hands the chat to another agent, who joins at once. */
  transfer(chatId: string, to: AgentIdentity): Promise<void>;
  /** The agent leaves; the chat stays open for another agent. */
  leave(chatId: string): Promise<void>;
  /** The agent ends the chat. */
  end(chatId: string): Promise<void>;
  /** Whether agents are online: `null` makes the backend unable to tell. */
  setAgentsOnline(online: boolean | null): Promise<void>;
  /** Reports the chat's place in the queue and the expected wait, in minutes. */
  setQueue(chatId: string, position: number, waitMinutes: number): Promise<void>;
  /**
   * Has the agent do `actions`, in order, on the next chat the backend creates, synchronously as the backend
   * accepts it: what they cause goes out in the same tick as the start reply, right behind it, before the adapter
   * can have handled that reply, so before `startChat` resolves. Resolves once armed; arming again replaces actions
   * not yet used.
   */
  actOnNextChat(actions: readonly AgentAction[]): Promise<void>;
}

/** Does `actions` on a chat, in order, with a backend's own synchronous agent actions. */
export function runAgentActions(actions: readonly AgentAction[], perform: { accept(agent: AgentIdentity): void; say(text: string): void; end(): void }): void {
  for (const action of actions) {
    if (action.type === 'accept') perform.accept(action.agent);
    else if (action.type === 'say') perform.say(action.text);
    else perform.end();
  }
}

/** Why an agent action failed, as a harness reports it. */
export type AgentActionErrorCode = 'UNKNOWN_CHAT' | 'CHAT_ENDED';

/** Why an agent action was refused. */
export class AgentActionError extends Error {
  override readonly name = 'AgentActionError';
  constructor(
    readonly code: AgentActionErrorCode,
    message: string,
  ) {
    super(message);
  }
}
