import { agentProfileSchema, type AgentProfile, formatZodIssues, type PersistedChat, persistedChatSchema, safeParseWithMessages } from '@byosd/core';
import * as z from 'zod/mini';

/** One message of the chat with the agent, as the bridge keeps it to show again after a reload. */
export interface HistoryLine {
  from: 'user' | 'agent';
  /** The user message's id (Carbon's) or the agent message's (the backend's, else the event's seq). */
  id: string;
  text: string;
  /** When it was sent, in milliseconds since the epoch. */
  at: number;
  /** Who sent an agent message. */
  agent?: AgentProfile;
  /** An agent-side error line (`inline_error`). */
  isError?: boolean;
}

/**
 * What the bridge keeps in Carbon's persisted service-desk state (Carbon writes it to session storage and hands it
 * back after a reload): the chat to resume, the seq it reached, and its messages.
 */
export interface BridgeState {
  version: 1;
  chat?: PersistedChat;
  /** The seq of the last event seen: a resumed chat numbers its events on from here. */
  lastSeq: number;
  history: HistoryLine[];
}

const historyLineSchema = z.object({
  from: z.enum(['user', 'agent']),
  id: z.string().check(z.minLength(1)),
  text: z.string(),
  at: z.number(),
  agent: z.optional(agentProfileSchema),
  isError: z.optional(z.boolean()),
});

const bridgeStateSchema = z.object({
  version: z.literal(1),
  chat: z.optional(persistedChatSchema),
  lastSeq: z.int().check(z.nonnegative()),
  history: z.array(historyLineSchema),
});

export const EMPTY_BRIDGE_STATE: BridgeState = { version: 1, lastSeq: 0, history: [] };

/**
 * Reads back what Carbon persisted. Nothing persisted is an empty state; something damaged or written by another
 * desk is dropped with a warning naming the field, and the bridge starts afresh.
 */
export function readBridgeState(persisted: unknown): BridgeState {
  if (persisted === undefined || persisted === null) return EMPTY_BRIDGE_STATE;
  const parsed = safeParseWithMessages(bridgeStateSchema, persisted);
  if (parsed.success) return parsed.data as BridgeState;
  console.warn(`byosd: dropped Carbon's persisted service-desk state: ${formatZodIssues(parsed.error)}`);
  return EMPTY_BRIDGE_STATE;
}
