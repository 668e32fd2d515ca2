import * as z from 'zod/mini';
import { type AgentProfile, agentProfileSchema } from './agent-profile.js';
import { type JsonObject, jsonObjectSchema } from './json.js';
import { type ChatState, chatStateSchema } from './chat-state.js';
import { SPEC_VERSION } from './spec-version.js';

/**
 * What a widget keeps (in session storage) or the gateway keeps (in its store) to resume a chat in a new desk
 * instance. The chat session writes it and emits it with every change through `updatePersistedState`; pass it to
 * `reconnect` to resume. `desk` is the adapter's own part (a backend token, a conversation id) and is opaque
 * to everyone else. Carbon AI Chat 1.9 keeps a desk's state itself (`updatePersistedState`, handed back to its
 * factory after a reload) and calls `reconnect()` without it; `@byosd/carbon` keeps this object in that state.
 */
export interface PersistedChat {
  specVersion: typeof SPEC_VERSION;
  /** The adapter that owns the chat. */
  adapter: string;
  chatId: string;
  state: ChatState;
  /** The agent currently in the chat, if any. */
  agent?: AgentProfile;
  /** The adapter's own resume data, as it last passed it to `updatePersistedState`. */
  desk: JsonObject;
}

/** Parses a {@link PersistedChat}. */
export const persistedChatSchema = z.object({
  specVersion: z.literal(SPEC_VERSION),
  adapter: z.string().check(z.minLength(1)),
  chatId: z.string().check(z.minLength(1)),
  state: chatStateSchema,
  agent: z.optional(agentProfileSchema),
  desk: jsonObjectSchema,
});
