import { type AgentProfile, type ChatEvent, messageText } from '@byosd/core';
import type { HistoryLine } from './bridge-state.js';

/**
 * The messages of one chat with the agent, taken from its events: the user's once the backend accepted them, the
 * agent's as they arrive. It knows which agent messages it holds, so that one a resumed backend sends again is
 * not shown twice.
 */
export class ChatTranscript {
  private lines: HistoryLine[];
  private readonly agents = new Map<string, AgentProfile>();
  private currentAgent: AgentProfile | undefined;

  constructor(lines: readonly HistoryLine[] = [], agent?: AgentProfile) {
    this.lines = [...lines];
    for (const line of lines) if (line.agent) this.agents.set(line.agent.id, line.agent);
    if (agent) this.remember(agent);
  }

  get history(): readonly HistoryLine[] {
    return this.lines;
  }

  clear(): void {
    this.lines = [];
  }

  /** Whether an agent message is one the transcript holds already (a backend's redelivery). */
  holdsAgentMessage(event: Extract<ChatEvent, { type: 'sendMessageToUser' }>): boolean {
    const id = event.message.id;
    return id !== undefined && this.lines.some((line) => line.from === 'agent' && line.id === id);
  }

  /** Takes what the event adds to the transcript, if anything. Returns whether it changed. */
  record(event: ChatEvent): boolean {
    switch (event.type) {
      case 'agentJoined':
        this.remember(event.profile);
        return false;
      case 'beginTransferToAnotherAgent':
        if (event.profile) this.remember(event.profile);
        return false;
      case 'userMessageSent':
        if (this.lines.some((line) => line.from === 'user' && line.id === event.messageId)) return false;
        this.lines.push({ from: 'user', id: event.messageId, text: event.message.input.text, at: event.at });
        return true;
      case 'sendMessageToUser': {
        if (this.holdsAgentMessage(event)) return false;
        const agent = this.agents.get(event.agentId) ?? this.currentAgent;
        const isError = event.message.output.generic.some((item) => item.response_type === 'inline_error');
        this.lines.push({
          from: 'agent',
          id: event.message.id ?? `seq-${event.seq}`,
          text: messageText(event.message),
          at: event.at,
          ...(agent ? { agent } : {}),
          ...(isError ? { isError } : {}),
        });
        return true;
      }
      default:
        return false;
    }
  }

  private remember(agent: AgentProfile): void {
    this.agents.set(agent.id, agent);
    this.currentAgent = agent;
  }
}
