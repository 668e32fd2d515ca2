import type { ChatEventBody } from '../bus/chat-event.js';
import { formatZodIssues, safeParseWithMessages } from '../errors/zod-issues.js';
import { agentAvailabilitySchema } from '../contract/agent-availability.js';
import { type AgentProfile, agentProfileSchema } from '../contract/agent-profile.js';
import { chatCapabilitiesSchema } from '../contract/chat-capabilities.js';
import type { ChatState } from '../contract/chat-state.js';
import { errorInfoSchema } from '../contract/error-info.js';
import { type JsonObject, jsonObjectSchema } from '../contract/json.js';
import { type MessageResponse, messageResponseSchema, textMessage } from '../contract/message-response.js';
import type { ServiceDeskCallback } from '../contract/service-desk-callback.js';
import type { Logger } from '../util/logger.js';
import { trimOldest } from '../util/bounded.js';
import { acceptsReports, type TransitionEvent, transition } from './lifecycle.js';
import type * as z from 'zod/mini';

/** What the guarded callback needs from its chat session. */
export interface GuardedCallbackHost {
  readonly chatId: string;
  readonly adapterName: string;
  readonly state: ChatState;
  readonly logger: Logger;
  /** Moves the lifecycle (publishing `chatStateChanged`) and records the current agent. */
  moveTo(state: ChatState, agent?: AgentProfile | null): void;
  publish(body: ChatEventBody): void;
  /** Stores the adapter's resume data and publishes the whole persisted chat. */
  persistDeskState(state: JsonObject, merge: boolean): void;
  /** Called once, after `agentEndedChat` was published, so the adapter can release its resources. */
  onAgentEnded(): void;
}

/** How many backend message ids are remembered for deduplication. */
const SEEN_MESSAGE_IDS_LIMIT = 10_000;

/**
 * The `ServiceDeskCallback` an adapter receives. It validates every report, applies lifecycle transitions,
 * drops what makes no sense in the current state (anything after the end, a duplicate message id) and publishes
 * the rest on the chat's bus. It never throws into the adapter.
 */
export function createGuardedCallback(host: GuardedCallbackHost): ServiceDeskCallback {
  // Created at the agent's first message with an id: most idle chats never need it.
  let seenMessageIds: Set<string> | undefined;

  return {
    agentJoined(profile) {
      const agent = valid(host, 'agentJoined', agentProfileSchema, profile);
      if (!agent) return;
      move(host, 'agentJoined', (next) => {
        host.moveTo(next, agent);
        host.publish({ type: 'agentJoined', profile: agent });
      });
    },
    agentLeftChat() {
      move(host, 'agentLeftChat', (next) => {
        host.moveTo(next, null);
        host.publish({ type: 'agentLeftChat' });
      });
    },
    agentEndedChat() {
      move(host, 'agentEndedChat', (next) => {
        host.moveTo(next, null);
        host.publish({ type: 'agentEndedChat' });
        host.onAgentEnded();
      });
    },
    beginTransferToAnotherAgent(profile) {
      const target = profile === undefined ? undefined : valid(host, 'beginTransferToAnotherAgent', agentProfileSchema, profile);
      if (profile !== undefined && !target) return;
      move(host, 'beginTransferToAnotherAgent', (next) => {
        host.moveTo(next, null);
        host.publish(target ? { type: 'beginTransferToAnotherAgent', profile: target } : { type: 'beginTransferToAnotherAgent' });
      });
    },
    agentTyping(isTyping) {
      whenLive(host, 'agentTyping', () => host.publish({ type: 'agentTyping', isTyping: Boolean(isTyping) }));
    },
    sendMessageToUser(message, agentId) {
      const normalized: MessageResponse | undefined = valid(
        host,
        'sendMessageToUser',
        messageResponseSchema,
        typeof message === 'string' ? textMessage(message) : message,
      );
      if (!normalized) return;
      whenLive(host, 'sendMessageToUser', () => {
        if (normalized.id !== undefined) {
          seenMessageIds ??= new Set();
          if (seenMessageIds.has(normalized.id)) return drop(host, 'sendMessageToUser', `message ${normalized.id} was already delivered`);
          seenMessageIds.add(normalized.id);
          trimOldest(seenMessageIds, SEEN_MESSAGE_IDS_LIMIT);
        }
        host.publish({ type: 'sendMessageToUser', message: normalized, agentId: String(agentId) });
      });
    },
    agentReadMessages() {
      whenLive(host, 'agentReadMessages', () => host.publish({ type: 'agentReadMessages' }));
    },
    updateAgentAvailability(availability) {
      const parsed = valid(host, 'updateAgentAvailability', agentAvailabilitySchema, availability);
      if (parsed) whenLive(host, 'updateAgentAvailability', () => host.publish({ type: 'updateAgentAvailability', availability: parsed }));
    },
    setErrorStatus(info) {
      const parsed = valid(host, 'setErrorStatus', errorInfoSchema, info);
      if (parsed) whenLive(host, 'setErrorStatus', () => host.publish({ type: 'setErrorStatus', info: parsed }));
    },
    setFileUploadStatus(fileId, isError = false, errorMessage) {
      whenLive(host, 'setFileUploadStatus', () =>
        host.publish({ type: 'setFileUploadStatus', fileId, isError, ...(errorMessage === undefined ? {} : { errorMessage }) }),
      );
    },
    updateCapabilities(capabilities) {
      const parsed = valid(host, 'updateCapabilities', chatCapabilitiesSchema, capabilities);
      if (!parsed) return;
      if (host.state === 'ended') return drop(host, 'updateCapabilities', 'the chat has ended');
      host.publish({ type: 'updateCapabilities', capabilities: parsed });
    },
    updatePersistedState(state, merge = true) {
      const parsed = valid(host, 'updatePersistedState', jsonObjectSchema, state);
      if (!parsed) return;
      if (host.state === 'ended') return drop(host, 'updatePersistedState', 'the chat has ended');
      host.persistDeskState(parsed, merge);
    },
  };
}

// The checks below are shared by every chat's callback, not closures of each: an idle chat holds only its methods.

function drop(host: GuardedCallbackHost, report: string, reason: string): void {
  host.logger.warn({ chatId: host.chatId, adapter: host.adapterName, report, state: host.state }, `Dropped ${report}: ${reason}`);
}

/** Parses an adapter-supplied value; a bad one is dropped and logged instead of reaching subscribers. */
function valid<S extends z.core.$ZodType>(host: GuardedCallbackHost, report: string, schema: S, value: unknown): z.output<S> | undefined {
  const parsed = safeParseWithMessages(schema, value);
  if (parsed.success) return parsed.data;
  drop(host, report, `invalid ${formatZodIssues(parsed.error)}`);
  return undefined;
}

function whenLive(host: GuardedCallbackHost, report: string, act: () => void): void {
  if (acceptsReports(host.state)) act();
  else drop(host, report, `the chat is ${host.state}`);
}

function move(host: GuardedCallbackHost, event: TransitionEvent, act: (next: ChatState) => void): void {
  const next = transition(event, host.state);
  if (next === undefined) drop(host, event, `not possible while the chat is ${host.state}`);
  else act(next);
}
