import * as z from 'zod/mini';

/**
 * The human agent as the user sees them. Field names follow IBM web chat's `AgentProfile`; Carbon AI Chat 1.9's
 * `ResponseUserProfile` has the same three and requires `user_type` too, which `@byosd/carbon` sets to `'human'`.
 */
export interface AgentProfile {
  /** The backend's stable id for the agent. Used to attribute messages (`sendMessageToUser(message, agentId)`). */
  id: string;
  /** The name shown to the user. Never empty: adapters fall back to a generic label such as "Agent". */
  nickname: string;
  /** An absolute URL of the agent's picture, when the backend has one. */
  profile_picture_url?: string;
}

/** Parses an {@link AgentProfile}. */
export const agentProfileSchema = z.object({
  id: z.string().check(z.minLength(1)),
  nickname: z.string().check(z.minLength(1)),
  profile_picture_url: z.optional(z.url()),
});
