import * as z from 'zod/mini';
import { type JsonObject, jsonObjectSchema } from './json.js';

/**
 * The bot's "connect to agent" answer that starts the escalation (IBM web chat's `connect_to_agent` item).
 */
export interface ConnectToAgentItem {
  response_type: 'connect_to_agent';
  /** The first thing the agent reads: why the user asked for a human. */
  message_to_human_agent?: string;
  /** Shown to the user while agents are available / unavailable. */
  agent_available?: { message: string };
  agent_unavailable?: { message: string };
  /**
   * Where to route the chat, in the backend's own terms (a queue, a skill, a webstore...), by service desk (watsonx
   * Assistant's `transfer_info.target`). Carbon AI Chat 1.9 has `{ additional_data, summary_message_to_agent }`
   * instead: `@byosd/carbon` puts `additional_data` under `target[<adapter>]` and appends the summary's text to
   * `message_to_human_agent`.
   */
  transfer_info?: { target?: Record<string, JsonObject> };
}

/**
 * The message that triggered the escalation. Adapters read the connect item and the transcript key from it.
 */
export interface ConnectMessage {
  output: { generic: Array<ConnectToAgentItem | { response_type: string; [key: string]: unknown }> };
  /** A key the agent's side can use to fetch the bot transcript. */
  session_history_key?: string;
}

/** Parses a {@link ConnectToAgentItem}. */
export const connectToAgentItemSchema = z.object({
  response_type: z.literal('connect_to_agent'),
  message_to_human_agent: z.optional(z.string()),
  agent_available: z.optional(z.object({ message: z.string() })),
  agent_unavailable: z.optional(z.object({ message: z.string() })),
  transfer_info: z.optional(z.object({ target: z.optional(z.record(z.string(), jsonObjectSchema)) })),
});

/** Parses a {@link ConnectMessage}, loosely: items other than the connect item pass unchecked. */
export const connectMessageSchema = z.object({
  output: z.object({
    generic: z.array(z.looseObject({ response_type: z.string() })),
  }),
  session_history_key: z.optional(z.string()),
});

/** The connect item of a connect message, if it has one. */
export function findConnectToAgentItem(message: ConnectMessage): ConnectToAgentItem | undefined {
  for (const item of message.output.generic) {
    const parsed = connectToAgentItemSchema.safeParse(item);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/** Builds a connect message: the usual way to call `startChat` outside a bot. */
export function connectMessage(messageToHumanAgent: string, extra: Omit<ConnectToAgentItem, 'response_type' | 'message_to_human_agent'> = {}): ConnectMessage {
  return { output: { generic: [{ response_type: 'connect_to_agent', message_to_human_agent: messageToHumanAgent, ...extra }] } };
}
