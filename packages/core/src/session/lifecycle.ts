import { ErrorCode } from '../errors/error-codes.js';
import { ServiceDeskError } from '../errors/service-desk-error.js';
import type { ChatState } from '../contract/chat-state.js';

/** The states in which a backend chat exists and the user can talk to it. */
export const LIVE_STATES = ['queued', 'connected', 'transferring', 'agent-left'] as const satisfies readonly ChatState[];

/** User-side operations of a chat session. */
export type ChatOperation =
  | 'startChat'
  | 'reconnect'
  | 'endChat'
  | 'sendMessageToAgent'
  | 'userTyping'
  | 'userReadMessages'
  | 'filesSelectedForUpload'
  | 'updateState'
  | 'areAnyAgentsOnline';

/** In which states each operation may be called. `ended` is handled separately: always CHAT_ENDED. */
const CALLABLE_IN: Record<ChatOperation, readonly ChatState[]> = {
  startChat: ['idle'],
  reconnect: ['idle'],
  endChat: ['starting', ...LIVE_STATES],
  sendMessageToAgent: LIVE_STATES,
  userTyping: LIVE_STATES,
  userReadMessages: LIVE_STATES,
  filesSelectedForUpload: LIVE_STATES,
  updateState: ['idle', 'starting', ...LIVE_STATES],
  areAnyAgentsOnline: ['idle', 'starting', ...LIVE_STATES],
};

const HINT: Partial<Record<ChatState, string>> = {
  idle: 'call startChat first',
  starting: 'wait for startChat to resolve',
};

/**
 * Throws the typed error for calling `operation` in `state`: CHAT_ENDED once the chat has ended, INVALID_STATE
 * (naming the state) when the operation is not allowed yet or any more.
 */
export function assertCallable(operation: ChatOperation, state: ChatState): void {
  if (state === 'ended') {
    throw new ServiceDeskError(ErrorCode.CHAT_ENDED, `Cannot call ${operation}: the chat has ended`, { state });
  }
  if (!CALLABLE_IN[operation].includes(state)) {
    const hint = HINT[state];
    throw new ServiceDeskError(ErrorCode.INVALID_STATE, `Cannot call ${operation} while the chat is ${state}${hint ? `: ${hint}` : ''}`, { state });
  }
}

/** Adapter-reported events that move the lifecycle, with the states they may arrive in and where they lead. */
const TRANSITIONS = {
  agentJoined: { from: ['starting', ...LIVE_STATES], to: 'connected' },
  agentLeftChat: { from: ['connected', 'transferring'], to: 'agent-left' },
  beginTransferToAnotherAgent: { from: ['connected', 'agent-left'], to: 'transferring' },
  agentEndedChat: { from: ['starting', ...LIVE_STATES], to: 'ended' },
} as const satisfies Record<string, { from: readonly ChatState[]; to: ChatState }>;

export type TransitionEvent = keyof typeof TRANSITIONS;

/** Where `event` takes a chat in `state`, or undefined when the event makes no sense there (it is then dropped). */
export function transition(event: TransitionEvent, state: ChatState): ChatState | undefined {
  const rule = TRANSITIONS[event];
  return (rule.from as readonly ChatState[]).includes(state) ? rule.to : undefined;
}

/** States in which an adapter's other reports (messages, typing, availability, errors) are accepted. */
export function acceptsReports(state: ChatState): boolean {
  return state === 'starting' || (LIVE_STATES as readonly ChatState[]).includes(state);
}
