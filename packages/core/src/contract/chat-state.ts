import * as z from 'zod/mini';

/**
 * The lifecycle of a chat, enforced by the chat session for every adapter:
 *
 * idle -> starting -> queued -> connected -> ended, with `transferring` (an agent hands over) and `agent-left`
 * (the agent left, the chat goes on) between. A failed start goes back to idle: the user stays with the bot.
 */
export type ChatState = 'idle' | 'starting' | 'queued' | 'connected' | 'transferring' | 'agent-left' | 'ended';

/** Every {@link ChatState}, in lifecycle order. */
export const CHAT_STATES = ['idle', 'starting', 'queued', 'connected', 'transferring', 'agent-left', 'ended'] as const satisfies readonly ChatState[];

/** Parses a {@link ChatState}. */
export const chatStateSchema = z.enum(CHAT_STATES);
