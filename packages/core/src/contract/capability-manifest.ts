import * as z from 'zod/mini';

/**
 * What an adapter can do, declared once in its plugin. The registry checks that the methods a capability needs
 * exist; the conformance suite runs a capability's scenarios only when it is declared and reports the others as
 * skipped. Each flag answers a yes/no question about the backend as the adapter drives it.
 *
 * byosd's own: IBM web chat and Carbon AI Chat 1.9 have no manifest and infer support from which optional methods a
 * desk has. `@byosd/carbon` gives Carbon only the methods of declared capabilities.
 */
export interface CapabilityManifest {
  /** Can it tell, before a chat, whether any agent is online? Needs `areAnyAgentsOnline`. */
  agentAvailability: boolean;
  /** Does it report the user's place in the queue and the expected wait while queued (`updateAgentAvailability`)? */
  queueUpdates: boolean;
  /** Does the agent see when the user is typing? Needs `userTyping`. */
  userTyping: boolean;
  /** Does the user see when the agent is typing (`agentTyping`)? */
  agentTyping: boolean;
  /** Does the agent learn that the user has read their messages? Needs `userReadMessages`. */
  userReadReceipts: boolean;
  /** Does the user learn that the agent has read their messages (`agentReadMessages`)? */
  agentReadReceipts: boolean;
  /** Does it report a transfer to another agent (`beginTransferToAnotherAgent`, then `agentJoined`)? */
  transfer: boolean;
  /** Can an agent leave without ending the chat (`agentLeftChat`)? */
  agentLeave: boolean;
  /** Can the user send files? Needs `filesSelectedForUpload`. */
  fileUploads: boolean;
  /** Does it forward changes of the user's state (session, user id, locale)? Needs `updateState`. */
  stateUpdates: boolean;
  /**
   * Can a chat be resumed by a new desk instance (after a page reload or on another gateway instance) from the
   * state it persisted? Needs `reconnect`.
   */
  resume: boolean;
  /** Does it report a lost backend connection and its recovery (`setErrorStatus` DISCONNECTED)? */
  disconnectReporting: boolean;
  /** The longest user message text the backend accepts, in UTF-16 code units. */
  maxMessageLength: number;
}

/** A capability an adapter declares, by name. */
export type CapabilityName = Exclude<keyof CapabilityManifest, 'maxMessageLength'>;

/** Parses a {@link CapabilityManifest}. */
export const capabilityManifestSchema = z.object({
  agentAvailability: z.boolean(),
  queueUpdates: z.boolean(),
  userTyping: z.boolean(),
  agentTyping: z.boolean(),
  userReadReceipts: z.boolean(),
  agentReadReceipts: z.boolean(),
  transfer: z.boolean(),
  agentLeave: z.boolean(),
  fileUploads: z.boolean(),
  stateUpdates: z.boolean(),
  resume: z.boolean(),
  disconnectReporting: z.boolean(),
  maxMessageLength: z.int().check(z.positive()),
});

/** The optional `ServiceDesk` method that each capability needs. */
export const METHOD_REQUIRED_BY_CAPABILITY = {
  agentAvailability: 'areAnyAgentsOnline',
  userTyping: 'userTyping',
  userReadReceipts: 'userReadMessages',
  fileUploads: 'filesSelectedForUpload',
  stateUpdates: 'updateState',
  resume: 'reconnect',
} as const satisfies Partial<Record<CapabilityName, string>>;
