import type { AgentProfile } from '@byosd/core';
import type { AgentRef } from '../protocol/index.js';

/** How the user sees a Chatvisor agent: their user id, and their name (the id when they have none). */
export function agentProfileOf(agent: AgentRef): AgentProfile {
  const name = `${agent.firstname} ${agent.lastname}`.trim();
  return { id: agent.userId, nickname: name === '' ? agent.userId : name };
}
