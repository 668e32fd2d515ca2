import type { AgentProfile } from '@byosd/core';
import { z } from 'zod';
import { safeJson } from './safe-json.js';

/** A participant as webhooks and REST describe it. */
export interface FlexParticipant {
  sid: string;
  identity?: string | null | undefined;
  /** The participant's attributes, a JSON string. */
  attributes?: string | null | undefined;
}

const agentAttributesSchema = z.looseObject({ member_type: z.literal('agent'), friendly_name: z.string().min(1).optional() });

/**
 * Who is an agent, as Flex marks them: Flex adds the agent who accepts a chat task as a participant whose
 * attributes say `"member_type": "agent"`, with the worker's identity. The agent's id is that identity and their
 * name is `friendly_name` from the attributes (else the identity). Anyone else (the customer, a bot, a
 * supervisor's API writes) is not an agent, whatever their identity.
 */
export function agentProfileOf(participant: FlexParticipant): AgentProfile | undefined {
  if (!participant.identity) return undefined;
  const parsed = agentAttributesSchema.safeParse(safeJson(participant.attributes));
  if (!parsed.success) return undefined;
  return { id: participant.identity, nickname: parsed.data.friendly_name ?? participant.identity };
}

/** What a participant change means for the user. */
export type RosterChange =
  | { type: 'joined'; agent: AgentProfile }
  /** An agent joined while another was in the chat: Flex's transfer (the new agent accepted, the old one goes). */
  | { type: 'transferred'; agent: AgentProfile }
  /** The last agent left; the chat stays open. */
  | { type: 'left' }
  | { type: 'none' };

/** The agents in one conversation, by participant SID, and how each change reads as join, transfer or leave. */
export class AgentRoster {
  private readonly agents = new Map<string, AgentProfile>();

  get hasAgent(): boolean {
    return this.agents.size > 0;
  }

  /** Whether the participant is one of the agents in the chat. */
  isAgentParticipant(participantSid: string): boolean {
    return this.agents.has(participantSid);
  }

  added(participant: FlexParticipant): RosterChange {
    const agent = agentProfileOf(participant);
    if (!agent || this.agents.has(participant.sid)) return { type: 'none' };
    const transferred = this.agents.size > 0;
    this.agents.set(participant.sid, agent);
    return transferred ? { type: 'transferred', agent } : { type: 'joined', agent };
  }

  removed(participantSid: string): RosterChange {
    if (!this.agents.delete(participantSid)) return { type: 'none' };
    // The agent handing over leaves after the new one joined: that is the end of a transfer, not a leave.
    return this.agents.size === 0 ? { type: 'left' } : { type: 'none' };
  }
}
