import { type AgentProfile, type ServiceDeskCallback, textMessage } from '@byosd/core';
import type { ChannelFrom, StructuredMessage } from '../protocol/structured-message.js';

/** How long an agent typing indicator lasts when Genesys does not say. */
const DEFAULT_TYPING_MS = 5000;

/**
 * Turns the agent side's StructuredMessages, already in order and deduplicated, into callback reports: messages,
 * joins (an agent's Presence Join, or the first message of an agent not seen before), a new agent as a transfer,
 * typing ("On" with a duration, cleared by "Off", when the duration runs out, or by the agent's next message)
 * and the agent's Presence Disconnect as the end.
 */
export class AgentReports {
  private agent: AgentProfile | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;

  constructor(
    private readonly callback: ServiceDeskCallback,
    /** Called once when the agent ends the chat. */
    private readonly onAgentEnded: () => void,
  ) {}

  /** Whether an agent has joined (the user is no longer waiting in the queue). */
  get hasAgent(): boolean {
    return this.agent !== undefined;
  }

  /** A message or Presence event, in backend order. */
  apply(message: StructuredMessage): void {
    if (this.ended || message.direction !== 'Outbound') return;
    if (message.type === 'Text' || message.type === 'Structured') return this.agentMessage(message);
    for (const event of message.events ?? []) {
      if (event.eventType !== 'Presence') continue;
      if (event.presence.type === 'Join' && message.originatingEntity !== 'Bot') this.agentPresent(profileOf(message.channel?.from));
      if (event.presence.type === 'Disconnect') return this.end();
    }
  }

  /** A Typing event: shown at once, not held for ordering. */
  typing(type: 'On' | 'Off', durationMs: number | null | undefined): void {
    if (this.ended) return;
    if (type === 'Off') return this.stopTyping();
    clearTimeout(this.typingTimer);
    if (this.typingTimer === undefined) this.callback.agentTyping(true);
    this.typingTimer = setTimeout(() => this.stopTyping(), durationMs ?? DEFAULT_TYPING_MS);
  }

  /** The chat is over (either side): nothing more is reported. */
  end(): void {
    if (this.ended) return;
    this.stop();
    this.callback.agentEndedChat();
    this.onAgentEnded();
  }

  stop(): void {
    this.ended = true;
    clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
  }

  private agentMessage(message: StructuredMessage): void {
    const text = message.text ?? '';
    let senderId = 'bot';
    if (message.originatingEntity !== 'Bot') {
      this.agentPresent(profileOf(message.channel?.from), true);
      senderId = this.agent?.id ?? 'agent';
    }
    this.stopTyping();
    this.callback.sendMessageToUser(textMessage(text, message.id), senderId);
  }

  /** Reports a join, or a transfer when another agent takes over. `fromMessage`: a message names no new agent by itself unless it has a sender. */
  private agentPresent(profile: AgentProfile, fromMessage = false): void {
    if (this.agent && (this.agent.id === profile.id || (fromMessage && profile.id === UNKNOWN_AGENT.id))) return;
    if (this.agent) this.callback.beginTransferToAnotherAgent(profile);
    this.agent = profile;
    this.callback.agentJoined(profile);
  }

  private stopTyping(): void {
    if (this.typingTimer === undefined) return;
    clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    this.callback.agentTyping(false);
  }
}

const UNKNOWN_AGENT: AgentProfile = { id: 'agent', nickname: 'Agent' };

/** The agent as channel.from describes them. Genesys may omit the id: the nickname stands in for it. */
export function profileOf(from: ChannelFrom | null | undefined): AgentProfile {
  const fullName = [from?.firstName, from?.lastName].filter(Boolean).join(' ');
  const nickname = from?.nickname || fullName || UNKNOWN_AGENT.nickname;
  const id = from?.id || from?.nickname || fullName || UNKNOWN_AGENT.id;
  return { id, nickname, ...(from?.image && /^https?:\/\//.test(from.image) ? { profile_picture_url: from.image } : {}) };
}
