import { type ChatState, LIVE_STATES } from '@byosd/core';
import type { ChatInstance, GenericItem, HistoryItem, MessageInput, MessageRequest, MessageResponse } from '@carbon/ai-chat';
import { type HistoryLine, readBridgeState } from './bridge-state.js';
import { toCarbonProfile } from './agent-profile.js';

/** The transcript's lines as Carbon's history items, the user's and the agent's marked as Carbon marks them live. */
export function toCarbonHistory(lines: readonly HistoryLine[]): HistoryItem[] {
  return lines.map((line) => ({ message: line.from === 'user' ? userRequest(line) : agentResponse(line), time: new Date(line.at).toISOString() }));
}

function userRequest(line: HistoryLine): MessageRequest {
  const input = { message_type: 'text', text: line.text, agent_message_type: 'from_user' } as MessageInput;
  return { id: line.id, input };
}

function agentResponse(line: HistoryLine): MessageResponse {
  const item = {
    response_type: line.isError ? 'inline_error' : 'text',
    text: line.text,
    agent_message_type: line.isError ? 'inline_error' : 'from_agent',
  } as GenericItem;
  return {
    id: line.id,
    output: { generic: [item] },
    ...(line.agent ? { message_options: { response_user_profile: toCarbonProfile(line.agent) } } : {}),
  };
}

/**
 * Carbon's `messaging.customLoadHistory` for a chat with an agent: after a reload, Carbon resumes the chat but
 * keeps none of its messages; this gives them back from the bridge's persisted state, while that chat is live.
 * Carbon calls it before it creates the desk, so it reads the state through the instance.
 */
export async function loadCarbonHistory(instance: ChatInstance): Promise<HistoryItem[]> {
  const state = readBridgeState(instance.getState().humanAgent.serviceDeskState);
  const live = state.chat !== undefined && (LIVE_STATES as readonly ChatState[]).includes(state.chat.state);
  return live ? toCarbonHistory(state.history) : [];
}
