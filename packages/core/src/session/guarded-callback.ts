import type { ChatEventBody } from '../bus/chat-event.js';
import { formatZodIssues, safeParseWithMessages } from '../errors/zod-issues.js';
import { type AgentAvailability, agentAvailabilitySchema } from '../contract/agent-availability.js';
import { type AgentProfile, agentProfileSchema } from '../contract/agent-profile.js';
import { type ChatCapabilities, chatCapabilitiesSchema } from '../contract/chat-capabilities.js';
import type { ChatState } from '../contract/chat-state.js';
import { type ErrorInfo, errorInfoSchema } from '../contract/error-info.js';
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
  currentState(): ChatState;
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
  return new GuardedCallback(host);
}

/**
 * A class, not an object of closures: a gateway holds one per chat, and its methods on the prototype cost an idle
 * chat nothing (closures over the host took about 1 KB of every chat's heap). Adapters call them as methods.
 */
class GuardedCallback implements ServiceDeskCallback {
  /** The backend message ids delivered so far; made at the first message that has one. */
  private seenMessageIds: Set<string> | undefined;

  constructor(private readonly host: GuardedCallbackHost) {}

  agentJoined(profile: AgentProfile): void {
    const agent = this.valid('agentJoined', agentProfileSchema, profile);
    const next = agent && this.next('agentJoined');
    if (!agent || next === undefined) return;
    this.host.moveTo(next, agent);
    this.host.publish({ type: 'agentJoined', profile: agent });
  }

  agentLeftChat(): void {
    const next = this.next('agentLeftChat');
    if (next === undefined) return;
    this.host.moveTo(next, null);
    this.host.publish({ type: 'agentLeftChat' });
  }

  agentEndedChat(): void {
    const next = this.next('agentEndedChat');
    if (next === undefined) return;
    this.host.moveTo(next, null);
    this.host.publish({ type: 'agentEndedChat' });
    this.host.onAgentEnded();
  }

  beginTransferToAnotherAgent(profile?: AgentProfile): void {
    const target = profile === undefined ? undefined : this.valid('beginTransferToAnotherAgent', agentProfileSchema, profile);
    if (profile !== undefined && !target) return;
    const next = this.next('beginTransferToAnotherAgent');
    if (next === undefined) return;
    this.host.moveTo(next, null);
    this.host.publish(target ? { type: 'beginTransferToAnotherAgent', profile: target } : { type: 'beginTransferToAnotherAgent' });
  }

  agentTyping(isTyping: boolean): void {
    if (this.isLive('agentTyping')) this.host.publish({ type: 'agentTyping', isTyping: Boolean(isTyping) });
  }

  sendMessageToUser(message: MessageResponse | string, agentId: string): void {
    const normalized: MessageResponse | undefined = this.valid(
      'sendMessageToUser',
      messageResponseSchema,
      typeof message === 'string' ? textMessage(message) : message,
    );
    if (!normalized || !this.isLive('sendMessageToUser')) return;
    if (normalized.id !== undefined) {
      const seen = (this.seenMessageIds ??= new Set());
      if (seen.has(normalized.id)) return this.drop('sendMessageToUser', `message ${normalized.id} was already delivered`);
      seen.add(normalized.id);
      trimOldest(seen, SEEN_MESSAGE_IDS_LIMIT);
    }
    this.host.publish({ type: 'sendMessageToUser', message: normalized, agentId: String(agentId) });
  }

  agentReadMessages(): void {
    if (this.isLive('agentReadMessages')) this.host.publish({ type: 'agentReadMessages' });
  }

  updateAgentAvailability(availability: AgentAvailability): void {
    const parsed = this.valid('updateAgentAvailability', agentAvailabilitySchema, availability);
    if (parsed && this.isLive('updateAgentAvailability')) this.host.publish({ type: 'updateAgentAvailability', availability: parsed });
  }

  setErrorStatus(info: ErrorInfo): void {
    const parsed = this.valid('setErrorStatus', errorInfoSchema, info);
    if (parsed && this.isLive('setErrorStatus')) this.host.publish({ type: 'setErrorStatus', info: parsed });
  }

  setFileUploadStatus(fileId: string, isError = false, errorMessage?: string): void {
    if (!this.isLive('setFileUploadStatus')) return;
    this.host.publish({ type: 'setFileUploadStatus', fileId, isError, ...(errorMessage === undefined ? {} : { errorMessage }) });
  }

  updateCapabilities(capabilities: ChatCapabilities): void {
    const parsed = this.valid('updateCapabilities', chatCapabilitiesSchema, capabilities);
    if (!parsed) return;
    if (this.host.currentState() === 'ended') return this.drop('updateCapabilities', 'the chat has ended');
    this.host.publish({ type: 'updateCapabilities', capabilities: parsed });
  }

  updatePersistedState(state: JsonObject, merge = true): void {
    const parsed = this.valid('updatePersistedState', jsonObjectSchema, state);
    if (!parsed) return;
    if (this.host.currentState() === 'ended') return this.drop('updatePersistedState', 'the chat has ended');
    this.host.persistDeskState(parsed, merge);
  }

  private drop(report: string, reason: string): void {
    const { host } = this;
    host.logger.warn({ chatId: host.chatId, adapter: host.adapterName, report, state: host.currentState() }, `Dropped ${report}: ${reason}`);
  }

  /** Parses an adapter-supplied value; a bad one is dropped and logged instead of reaching subscribers. */
  private valid<S extends z.core.$ZodType>(report: string, schema: S, value: unknown): z.output<S> | undefined {
    const parsed = safeParseWithMessages(schema, value);
    if (parsed.success) return parsed.data;
    this.drop(report, `invalid ${formatZodIssues(parsed.error)}`);
    return undefined;
  }

  /** Whether the chat takes reports now; the report is dropped (and logged) when not. */
  private isLive(report: string): boolean {
    const state = this.host.currentState();
    if (acceptsReports(state)) return true;
    this.drop(report, `the chat is ${state}`);
    return false;
  }

  /** The state `event` moves the chat to, or undefined (dropped, and logged) when it is not possible now. */
  private next(event: TransitionEvent): ChatState | undefined {
    const next = transition(event, this.host.currentState());
    if (next === undefined) this.drop(event, `not possible while the chat is ${this.host.currentState()}`);
    return next;
  }
}
