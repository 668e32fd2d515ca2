import { randomBytes, randomUUID } from 'node:crypto';
import {
  GenesysErrorCode,
  type GuestMessage,
  MAX_CUSTOM_DATA_BYTES,
  MAX_TEXT_LENGTH,
  type ServerFrame,
  type StructuredMessage,
  TOPIC_ATTRIBUTE,
} from '../protocol/index.js';
import { type AgentChatStatus, type AgentIdentity } from '@byosd/conformance';
import { SlidingWindowLimit } from '@byosd/simulators';
import { eventFrame, structuredMessageFrame } from './server-frames.js';

/** How long the agent sees the guest typing after a Typing "On" (Genesys shows it for a few seconds). */
const GUEST_TYPING_MS = 5000;
/** How long a guest JWT (getJwt) is valid. */
const JWT_LIFETIME_MS = 60 * 60 * 1000;
/** The duration Genesys puts on an agent's Typing "On". */
const AGENT_TYPING_MS = 5000;

/** One socket of a guest, as the backend pushes to it. */
export interface GuestPeer {
  push(frame: ServerFrame): void;
  /** Closes the socket from the server side. */
  close(): void;
}

export interface GuestSession {
  readonly token: string;
  readonly deploymentId: string;
  readonly peers: Set<GuestPeer>;
  conversation: Conversation | undefined;
  /** After the agent disconnected: the guest can read, and start a new conversation with startNew. */
  readOnly: boolean;
  state: 'live' | 'closed' | 'expired';
  /** Genesys's onMessage limit for this session. */
  readonly rateLimit: SlidingWindowLimit;
}

/** A web messaging conversation, as the agent's side sees it. */
export interface Conversation {
  readonly id: string;
  readonly topic: string;
  readonly session: GuestSession;
  status: AgentChatStatus;
  agent: AgentIdentity | undefined;
  endedBy: 'user' | 'agent' | undefined;
  /** The guest's text messages the agent received, once each. */
  readonly received: Array<{ messageId: string; text: string }>;
  guestTypingUntil: number;
  /** Every message and event both ways, oldest first: what the history endpoint lists. */
  readonly history: StructuredMessage[];
  lastTime: number;
}

/** Why a guest request is refused: a Genesys error code and its text. */
export interface Refusal {
  code: number;
  reason: string;
}

export type ConfigureResult = { session: GuestSession; newSession: boolean } | Refusal;
export type MessageResult = { reflected: StructuredMessage; conversation: Conversation | undefined } | Refusal;

export interface GenesysCloudBackendOptions {
  /** The Messenger deployments that exist; any other deploymentId is refused. */
  deploymentIds: ReadonlySet<string>;
  /** The onMessage limit per session per second (Genesys: 2). */
  messagesPerSecond: number;
  /** The picture of an agent, as channel.from.image carries it. */
  avatarUrl(agentId: string): string;
}

export function isRefusal(value: object): value is Refusal {
  return 'code' in value && 'reason' in value;
}

/**
 * The state of a simulated Genesys Cloud org: Messenger deployments, guest sessions by token, their conversations,
 * the agents (played through the agent driver) and the queue. Transport-free: the guest sockets and REST routes
 * call in, and it pushes to each session's sockets.
 */
export class GenesysCloudBackend {
  private readonly sessions = new Map<string, GuestSession>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly jwts = new Map<string, { session: GuestSession; expiresAt: number }>();
  private readonly startedListeners = new Set<(conversation: Conversation) => void>();
  /** Whether agents are on the queue; null: the observations carry no oOnQueueUsers (cannot tell). */
  agentsOnline: boolean | null = true;
  estimatedWaitSeconds = 60;

  constructor(private readonly options: GenesysCloudBackendOptions) {}

  // ---- Guests ----

  configureSession(peer: GuestPeer, token: string, deploymentId: string, startNew: boolean): ConfigureResult {
    if (!this.options.deploymentIds.has(deploymentId)) return { code: 400, reason: 'Deployment not found' };
    const existing = this.sessions.get(token);
    if (existing?.state === 'expired') return { code: GenesysErrorCode.SESSION_EXPIRED, reason: 'session expired' };
    if (existing?.state === 'closed') return { code: GenesysErrorCode.SESSION_NOT_FOUND, reason: 'session not found' };
    if (existing && existing.deploymentId !== deploymentId) return { code: GenesysErrorCode.SESSION_NOT_FOUND, reason: 'session not found' };
    if (existing) {
      existing.peers.add(peer);
      if (startNew && existing.readOnly) {
        existing.readOnly = false;
        existing.conversation = undefined;
        return { session: existing, newSession: true };
      }
      return { session: existing, newSession: false };
    }
    const session: GuestSession = {
      token,
      deploymentId,
      peers: new Set([peer]),
      conversation: undefined,
      readOnly: false,
      state: 'live',
      rateLimit: new SlidingWindowLimit(this.options.messagesPerSecond),
    };
    this.sessions.set(token, session);
    return { session, newSession: true };
  }

  /** A guest's onMessage: validated as Genesys does, then recorded (starting the conversation if need be). */
  receiveMessage(session: GuestSession, message: GuestMessage): MessageResult {
    if (session.readOnly) return { code: GenesysErrorCode.FEATURE_UNAVAILABLE, reason: 'Conversation is read-only' };
    const customAttributes = message.channel?.metadata?.customAttributes ?? {};
    if (Buffer.byteLength(JSON.stringify(customAttributes)) > MAX_CUSTOM_DATA_BYTES) {
      return { code: GenesysErrorCode.CUSTOM_ATTRIBUTES_TOO_LARGE, reason: `Custom attributes exceed ${MAX_CUSTOM_DATA_BYTES} bytes` };
    }
    if (message.type === 'Text' && !message.text) return { code: GenesysErrorCode.MISSING_PARAMETER, reason: 'message.text is required' };
    if ((message.text ?? '').length > MAX_TEXT_LENGTH)
      return { code: GenesysErrorCode.MESSAGE_TOO_LONG, reason: `Message exceeds ${MAX_TEXT_LENGTH} characters` };
    const events = message.events ?? [];
    if (message.type === 'Event' && events.length === 0) return { code: GenesysErrorCode.MISSING_PARAMETER, reason: 'message.events is required' };

    const conversation = session.conversation ?? this.startConversation(session, customAttributes[TOPIC_ATTRIBUTE] ?? message.text ?? '');
    const reflected: StructuredMessage = {
      id: randomUUID(),
      type: message.type,
      direction: 'Inbound',
      channel: { time: this.nextTime(conversation), messageId: randomUUID() },
      ...(message.text === undefined ? {} : { text: message.text }),
      ...(message.events ? { events: message.events } : {}),
      // The guest's own metadata (its customMessageId) comes back, with Genesys's correlationId.
      metadata: { ...message.metadata, correlationId: randomUUID() },
    };
    conversation.history.push(reflected);
    if (message.type === 'Text') conversation.received.push({ messageId: message.metadata?.['customMessageId'] ?? reflected.id, text: message.text ?? '' });
    for (const event of events) {
      if (event.eventType === 'Typing') conversation.guestTypingUntil = event.typing.type === 'On' ? Date.now() + GUEST_TYPING_MS : 0;
    }
    return { reflected, conversation };
  }

  /** closeSession: the guest leaves for good; the conversation ends and other sockets are told. */
  closeSession(session: GuestSession, caller: GuestPeer): void {
    session.state = 'closed';
    this.endConversation(session.conversation, 'user');
    for (const peer of session.peers) {
      if (peer === caller) continue;
      peer.push(eventFrame('ConnectionClosedEvent'));
      peer.close();
    }
    session.peers.clear();
  }

  /** The session times out: its sockets get SessionExpiredEvent, and the token no longer configures (4006). */
  expireSession(session: GuestSession): void {
    session.state = 'expired';
    this.endConversation(session.conversation, 'user');
    for (const peer of session.peers) peer.push(eventFrame('SessionExpiredEvent'));
  }

  issueJwt(session: GuestSession): { jwt: string; exp: number } {
    const jwt = randomBytes(32).toString('base64url');
    const expiresAt = Date.now() + JWT_LIFETIME_MS;
    this.jwts.set(jwt, { session, expiresAt });
    return { jwt, exp: Math.floor(expiresAt / 1000) };
  }

  /** The session a JWT belongs to, while it is valid. */
  sessionForJwt(jwt: string): GuestSession | undefined {
    const entry = this.jwts.get(jwt);
    return entry && entry.expiresAt > Date.now() ? entry.session : undefined;
  }

  forgetPeer(peer: GuestPeer): void {
    for (const session of this.sessions.values()) session.peers.delete(peer);
  }

  // ---- The agent's side ----

  allConversations(): Conversation[] {
    return [...this.conversations.values()];
  }

  conversation(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  sessionByToken(token: string): GuestSession | undefined {
    return this.sessions.get(token);
  }

  onConversationStarted(listener: (conversation: Conversation) => void): () => void {
    this.startedListeners.add(listener);
    return () => this.startedListeners.delete(listener);
  }

  accept(conversation: Conversation, agent: AgentIdentity): void {
    conversation.status = 'active';
    conversation.agent = agent;
    this.pushJoin(conversation);
  }

  /** An agent message; returns its id. */
  say(conversation: Conversation, text: string, id: string = randomUUID()): string {
    this.pushOutbound(conversation, { id, type: 'Text', text });
    return id;
  }

  type(conversation: Conversation, isTyping: boolean): void {
    const typing = isTyping ? { type: 'On' as const, duration: AGENT_TYPING_MS } : { type: 'Off' as const };
    this.pushOutbound(conversation, { id: randomUUID(), type: 'Event', events: [{ eventType: 'Typing', typing }] }, false);
  }

  /** Another agent takes over; the guest sees them join. */
  transfer(conversation: Conversation, to: AgentIdentity): void {
    conversation.agent = to;
    this.pushJoin(conversation);
  }

  /** The agent leaves without ending: Genesys tells the guest nothing, and the conversation waits in the queue. */
  leave(conversation: Conversation): void {
    conversation.agent = undefined;
    conversation.status = 'queued';
  }

  /** The agent disconnects: Presence Disconnect, and the session becomes read-only. */
  end(conversation: Conversation): void {
    const disconnect: StructuredMessage['events'] = [{ eventType: 'Presence', presence: { type: 'Disconnect' } }];
    this.pushOutbound(conversation, { id: randomUUID(), type: 'Event', events: disconnect, metadata: { readOnly: 'true' } }, false);
    conversation.session.readOnly = true;
    this.endConversation(conversation, 'agent');
  }

  // ---- Internals ----

  private startConversation(session: GuestSession, topic: string): Conversation {
    const conversation: Conversation = {
      id: randomUUID(),
      topic,
      session,
      status: 'queued',
      agent: undefined,
      endedBy: undefined,
      received: [],
      guestTypingUntil: 0,
      history: [],
      lastTime: 0,
    };
    session.conversation = conversation;
    this.conversations.set(conversation.id, conversation);
    for (const listener of this.startedListeners) listener(conversation);
    return conversation;
  }

  private endConversation(conversation: Conversation | undefined, by: 'user' | 'agent'): void {
    if (!conversation || conversation.status === 'ended') return;
    conversation.status = 'ended';
    conversation.endedBy = by;
  }

  /** The agent's join: not in Genesys's published frames (?); sent like a message, so that it names the agent. */
  private pushJoin(conversation: Conversation): void {
    this.pushOutbound(conversation, { id: randomUUID(), type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] });
  }

  /**
   * Sends the guest an Outbound message or event as deployments do: every one carries `channel.time` and
   * `channel.messageId` (typing and the disconnect included), and `metadata.correlationId` unless it has metadata of
   * its own (the disconnect's `readOnly`). Messages and joins also name their sender (`channel.from`,
   * `originatingEntity`); text messages are on the `Private` channel type. Sources: test/fixtures/server-frames.json.
   */
  private pushOutbound(conversation: Conversation, fields: Pick<StructuredMessage, 'id' | 'type'> & Partial<StructuredMessage>, withSender = true): void {
    const agent = conversation.agent;
    const channel: NonNullable<StructuredMessage['channel']> = {
      time: this.nextTime(conversation),
      messageId: randomUUID(),
      ...(fields.type === 'Text' ? { type: 'Private' } : {}),
      ...(withSender && agent ? { from: { id: agent.id, nickname: agent.name, image: this.options.avatarUrl(agent.id) } } : {}),
    };
    const message: StructuredMessage = {
      direction: 'Outbound',
      metadata: { correlationId: randomUUID() },
      ...fields,
      channel,
      ...(withSender ? { originatingEntity: 'Human' as const } : {}),
    };
    conversation.history.push(message);
    for (const peer of conversation.session.peers) peer.push(structuredMessageFrame('message', message));
  }

  /** channel.time: ISO, and strictly increasing within a conversation, so that clients can order by it. */
  private nextTime(conversation: Conversation): string {
    conversation.lastTime = Math.max(Date.now(), conversation.lastTime + 1);
    return new Date(conversation.lastTime).toISOString();
  }
}
