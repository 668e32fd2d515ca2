import { type AgentProfile, type ServiceDeskCallback, textMessage } from '@byosd/core';
import type { ChatMessage, Participant } from '../protocol/index.js';
import type { PollingPolicy } from './polling-policy.js';

/** Whether a participant speaks for the contact centre (a human agent, or a bot or supervisor joined as External). */
const isAgentSide = (participant: Participant) => participant.type === 'Agent' || participant.type === 'External';

export function agentProfile(participant: Participant): AgentProfile {
  return { id: participant.participantId, nickname: participant.nickname.trim() || 'Agent' };
}

export interface AgentReportsDeps {
  callback: ServiceDeskCallback;
  policy: PollingPolicy;
  /** Whether the chat is still live at GWS (not Idle): asked when the agent in the chat leaves. */
  isChatLive(): Promise<boolean>;
  /** The chat is over at GWS: report the end and stop. */
  ended(): void;
}

/**
 * Turns the transcript into what the user sees: agent texts (with the message index as their id), typing, and
 * the agent joining, leaving, or being replaced. GWS has no transfer message: a transfer is a second agent joining
 * while the first is in the chat (or within the same page as the first one leaving), so it is reported as
 * beginTransferToAnotherAgent, then agentJoined. Whether an agent's ParticipantLeft ended the chat or only left it
 * is in the chat's state, which is read then.
 */
export class AgentReports {
  private current: AgentProfile | undefined;
  private agentIsTyping = false;

  constructor(
    private readonly chatId: () => string,
    private readonly deps: AgentReportsDeps,
  ) {}

  get agent(): AgentProfile | undefined {
    return this.current;
  }

  /** After a resume: the agent who was in the chat. */
  restoreAgent(agent: AgentProfile | undefined): void {
    this.current = agent;
  }

  /** Reports one message; a promise only when the report needs GWS first (an agent left: ended or not?). */
  apply(message: ChatMessage, later: readonly ChatMessage[]): Promise<void> | undefined {
    const { callback, policy } = this.deps;
    const from = message.from;
    switch (message.type) {
      case 'Text':
        if (from.type === 'Customer') return undefined; // The customer's own message, which every client of the chat sees.
        if (this.agentIsTyping && isAgentSide(from)) this.typing(false);
        policy.activity();
        callback.sendMessageToUser(textMessage(message.text ?? '', `${this.chatId()}:${message.index}`), from.participantId);
        return undefined;
      case 'TypingStarted':
      case 'TypingStopped':
        if (isAgentSide(from)) this.typing(message.type === 'TypingStarted');
        return undefined;
      case 'ParticipantJoined':
      case 'ParticipantRejoined':
        if (isAgentSide(from)) this.joined(agentProfile(from));
        return undefined;
      case 'ParticipantLeft':
        if (from.type === 'Customer') {
          this.deps.ended();
          return undefined;
        }
        return isAgentSide(from) ? this.left(from, later) : undefined;
    }
  }

  private typing(isTyping: boolean): void {
    this.deps.policy.agentTyping(isTyping);
    if (isTyping === this.agentIsTyping) return;
    this.agentIsTyping = isTyping;
    this.deps.callback.agentTyping(isTyping);
  }

  private joined(profile: AgentProfile): void {
    // An agent who joins usually greets the user: poll at the fastest for a while.
    this.deps.policy.activity();
    if (this.current?.id === profile.id) return;
    if (this.current) this.deps.callback.beginTransferToAnotherAgent(profile);
    this.current = profile;
    this.deps.callback.agentJoined(profile);
  }

  private async left(participant: Participant, later: readonly ChatMessage[]): Promise<void> {
    this.deps.policy.restartBackoff();
    if (this.current?.id !== participant.participantId) return; // An agent who was replaced leaves: the transfer is done.
    const replacement = later.find((message) => (message.type === 'ParticipantJoined' || message.type === 'ParticipantRejoined') && isAgentSide(message.from));
    if (replacement) {
      // Left and the next agent joined in one page: a transfer; the join reports it.
      this.deps.callback.beginTransferToAnotherAgent(agentProfile(replacement.from));
      this.current = undefined;
      return;
    }
    if (this.agentIsTyping) this.typing(false);
    if (!(await this.deps.isChatLive())) return this.deps.ended();
    this.current = undefined;
    this.deps.callback.agentLeftChat();
  }
}
