import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  ActionRule,
  AgentRef,
  Conversation,
  ConversationStatus,
  createUserBodySchema,
  Customer,
  HistoryEntry,
  TagCustomerBody,
  updateUserBodySchema,
  User,
  WebhookEvent,
} from '../protocol/index.js';
import { evaluateVisibility } from './visibility-rules.js';

/** Why the backend refused a request: an HTTP status and Chatvisor's error body. */
export class ChatvisorApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

/** A conversation as the simulator keeps it: one per customer, with its whole timeline. */
export interface StoredConversation {
  customerId: string;
  subject: string;
  status: ConversationStatus;
  agent: AgentRef | null;
  cobrowse: boolean;
  entries: HistoryEntry[];
  /** Customer messages by their externalId, so that a repeated post changes nothing. */
  byExternalId: Map<string, HistoryEntry>;
  endedBy?: 'user' | 'agent';
  updatedAt: Date;
}

interface StoredUser extends User {
  online: boolean;
  available: boolean;
  /** When the user went online, while online; and the closed online ranges. */
  onlineSince?: Date;
  onlineRanges: Array<{ start: Date; end: Date }>;
}

export type ConversationListener = (event: WebhookEvent, conversation: StoredConversation) => void;

const DEFAULT_AGENT_EMAIL = 'agent@example.com';

/**
 * The state of one Chatvisor account: customers, agent accounts and teams, conversations (one per customer) with
 * their timelines, action rules and the REST visibility setting. Every change of a conversation is told to the
 * listener as the webhook it fires.
 */
export class ChatvisorBackend {
  readonly customers = new Map<string, Customer>();
  readonly users = new Map<string, StoredUser>();
  readonly teams = new Set<string>(['support']);
  readonly conversations = new Map<string, StoredConversation>();
  actionRules: ActionRule[] = [];
  visibilityEnabled = true;
  /** False: the presence service cannot tell who is online (the status call fails). */
  presenceKnown = true;
  cobrowsePluginEnabled = true;
  private readonly startListeners = new Set<(conversation: StoredConversation) => void>();

  constructor(
    private readonly notify: ConversationListener,
    readonly now: () => Date = () => new Date(),
  ) {
    this.seedDefaultAgent();
  }

  clear(): void {
    this.customers.clear();
    this.users.clear();
    this.conversations.clear();
    this.teams.clear();
    this.teams.add('support');
    this.actionRules = [];
    this.visibilityEnabled = true;
    this.presenceKnown = true;
    this.cobrowsePluginEnabled = true;
    this.seedDefaultAgent();
  }

  onConversationStarted(listener: (conversation: StoredConversation) => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  // ---- Customers ----

  /** Creates the customer with this external id, or re-identifies the existing one and extends it. */
  tagCustomer(body: TagCustomerBody & { labels: string[] }): Customer {
    const existing = [...this.customers.values()].find((customer) => customer.externalId === body.id);
    const customer: Customer = {
      customerId: existing?.customerId ?? randomUUID(),
      externalId: body.id,
      email: body.email ?? existing?.email ?? null,
      firstname: body.firstname ?? existing?.firstname ?? null,
      lastname: body.lastname ?? existing?.lastname ?? null,
      labels: [...new Set([...(existing?.labels ?? []), ...body.labels])],
      assignedUserId: existing?.assignedUserId ?? null,
      assignedTeamId: existing?.assignedTeamId ?? null,
    };
    this.customers.set(customer.customerId, customer);
    return customer;
  }

  customer(customerId: string): Customer {
    const customer = this.customers.get(customerId);
    if (!customer) throw new ChatvisorApiError(404, 'NOT_FOUND', `No customer ${customerId}`);
    return customer;
  }

  activeCustomers(): Customer[] {
    return [...this.customers.values()].filter((customer) => {
      const conversation = this.conversations.get(customer.customerId);
      return conversation !== undefined && conversation.status !== 'DONE';
    });
  }

  assign(customerId: string, target: { userId: string } | { teamId: string }): Customer {
    const customer = this.customer(customerId);
    if ('userId' in target) {
      if (!this.users.has(target.userId)) throw new ChatvisorApiError(404, 'NOT_FOUND', `No user ${target.userId}`);
      customer.assignedUserId = target.userId;
      customer.assignedTeamId = null;
    } else {
      if (!this.teams.has(target.teamId)) throw new ChatvisorApiError(404, 'NOT_FOUND', `No team ${target.teamId}`);
      customer.assignedTeamId = target.teamId;
      customer.assignedUserId = null;
    }
    return customer;
  }

  // ---- Agent accounts ----

  listUsers(): User[] {
    return [...this.users.values()].map(publicUser);
  }

  createUser(body: z.output<typeof createUserBodySchema>): User {
    if (this.users.has(body.email)) throw new ChatvisorApiError(409, 'CONFLICT', `A user ${body.email} exists`);
    const unknownTeam = body.teamIds.find((team) => !this.teams.has(team));
    if (unknownTeam) throw new ChatvisorApiError(404, 'NOT_FOUND', `No team ${unknownTeam}`);
    const user: StoredUser = { userId: body.email, ...body, online: false, available: false, onlineRanges: [] };
    this.users.set(user.userId, user);
    return publicUser(user);
  }

  updateUser(userId: string, changes: z.output<typeof updateUserBodySchema>): User {
    const user = this.user(userId);
    const unknownTeam = changes.teamIds?.find((team) => !this.teams.has(team));
    if (unknownTeam) throw new ChatvisorApiError(404, 'NOT_FOUND', `No team ${unknownTeam}`);
    for (const [key, value] of Object.entries(changes)) if (value !== undefined) Object.assign(user, { [key]: value });
    if (!user.active) this.setPresence(user, false);
    return publicUser(user);
  }

  deleteUser(userId: string): void {
    this.user(userId);
    this.users.delete(userId);
    for (const customer of this.customers.values()) if (customer.assignedUserId === userId) customer.assignedUserId = null;
  }

  user(userId: string): StoredUser {
    const user = this.users.get(userId);
    if (!user) throw new ChatvisorApiError(404, 'NOT_FOUND', `No user ${userId}`);
    return user;
  }

  /** An agent logs in (their account is made when missing, as single sign-on does) and is online. */
  ensureAgent(userId: string, name: string): StoredUser {
    let user = this.users.get(userId);
    if (!user) {
      const [firstname = name, ...rest] = name.split(' ');
      user = { userId, email: userId, firstname, lastname: rest.join(' '), teamIds: [], active: true, online: false, available: false, onlineRanges: [] };
      this.users.set(userId, user);
    }
    this.setPresence(user, true);
    return user;
  }

  setAllPresence(online: boolean): void {
    for (const user of this.users.values()) this.setPresence(user, online);
  }

  setPresence(user: StoredUser, online: boolean): void {
    const now = this.now();
    if (online && !user.online) user.onlineSince = now;
    if (!online && user.online && user.onlineSince) {
      user.onlineRanges.push({ start: user.onlineSince, end: now });
      delete user.onlineSince;
    }
    user.online = online && user.active;
    user.available = user.online;
  }

  onlineTimes(since: Date) {
    const now = this.now();
    return [...this.users.values()].map((user) => {
      const ranges = [...user.onlineRanges, ...(user.onlineSince ? [{ start: user.onlineSince, end: now }] : [])].filter((range) => range.end >= since);
      const sumMinutes = Math.round(ranges.reduce((sum, range) => sum + (range.end.getTime() - Math.max(range.start.getTime(), since.getTime())), 0) / 60_000);
      return { userId: user.userId, timeRanges: ranges.map((range) => ({ start: range.start.toISOString(), end: range.end.toISOString() })), sumMinutes };
    });
  }

  // ---- Visibility ----

  visibility(level: 'PAGE' | 'CHAT', visitor: { secondsOnPage?: number | undefined; visitNumber?: number | undefined }) {
    const users = [...this.users.values()];
    return evaluateVisibility(
      this.actionRules,
      level,
      { anyAgentOnline: users.some((user) => user.online), anyAgentAvailable: users.some((user) => user.available), now: this.now(), ...visitor },
      this.visibilityEnabled,
    );
  }

  // ---- Conversations ----

  /** Opens the customer's conversation; an open one is returned as it is (one conversation per customer). */
  openConversation(customerId: string, subject: string): StoredConversation {
    this.customer(customerId);
    const existing = this.conversations.get(customerId);
    if (existing && existing.status !== 'DONE') return existing;
    const conversation: StoredConversation = existing ?? {
      customerId,
      subject,
      status: 'UNREAD',
      agent: null,
      cobrowse: false,
      entries: [],
      byExternalId: new Map(),
      updatedAt: this.now(),
    };
    if (existing) {
      // DONE back to UNREAD: a new conversation for Chatvisor.
      conversation.subject = subject;
      conversation.agent = null;
      delete conversation.endedBy;
      this.changeStatus(conversation, 'UNREAD', null, false);
    }
    this.conversations.set(customerId, conversation);
    this.notify('new-conversation', conversation);
    for (const listener of this.startListeners) listener(conversation);
    return conversation;
  }

  conversation(customerId: string): StoredConversation {
    const conversation = this.conversations.get(customerId);
    if (!conversation) throw new ChatvisorApiError(404, 'NOT_FOUND', `No conversation for customer ${customerId}`);
    return conversation;
  }

  liveConversation(customerId: string): StoredConversation {
    const conversation = this.conversation(customerId);
    if (conversation.status === 'DONE') throw new ChatvisorApiError(409, 'CONVERSATION_DONE', `The conversation of ${customerId} is DONE`);
    return conversation;
  }

  postCustomerMessage(customerId: string, text: string, externalId: string | undefined): HistoryEntry {
    const conversation = this.liveConversation(customerId);
    const repeated = externalId === undefined ? undefined : conversation.byExternalId.get(externalId);
    if (repeated) return repeated;
    const entry = this.addMessage(conversation, 'CUSTOMER', null, text, externalId ?? null);
    if (externalId !== undefined) conversation.byExternalId.set(externalId, entry);
    return entry;
  }

  postAgentMessage(conversation: StoredConversation, agent: AgentRef, text: string): HistoryEntry {
    return this.addMessage(conversation, 'AGENT', agent, text, null);
  }

  /** A status change (and who is in the chat after it), recorded in the timeline and announced by webhook. */
  changeStatus(conversation: StoredConversation, status: ConversationStatus, agent: AgentRef | null, announce = true): void {
    conversation.status = status;
    conversation.agent = agent;
    conversation.updatedAt = this.now();
    conversation.entries.push({ type: 'STATUS_CHANGE', seq: conversation.entries.length + 1, status, agent, createdAt: conversation.updatedAt.toISOString() });
    if (announce) this.notify('status-change', conversation);
  }

  chats(): StoredConversation[] {
    return [...this.conversations.values()];
  }

  toConversation(conversation: StoredConversation, appBaseUrl: string): Conversation {
    return {
      customerId: conversation.customerId,
      subject: conversation.subject,
      status: conversation.status,
      agent: conversation.agent,
      cobrowse: conversation.cobrowse,
      url: conversationUrl(appBaseUrl, conversation.customerId),
      lastSeq: conversation.entries.length,
      updatedAt: conversation.updatedAt.toISOString(),
    };
  }

  private addMessage(
    conversation: StoredConversation,
    sender: 'CUSTOMER' | 'AGENT',
    agent: AgentRef | null,
    text: string,
    externalId: string | null,
  ): HistoryEntry {
    conversation.updatedAt = this.now();
    const entry: HistoryEntry = {
      type: 'MESSAGE',
      seq: conversation.entries.length + 1,
      id: randomBytes(12).toString('hex'),
      sender,
      agent,
      text,
      externalId,
      createdAt: conversation.updatedAt.toISOString(),
    };
    conversation.entries.push(entry);
    this.notify('new-message', conversation);
    return entry;
  }

  private seedDefaultAgent(): void {
    const user = this.ensureAgent(DEFAULT_AGENT_EMAIL, 'Default Agent');
    user.lastname = 'Agent';
    user.firstname = 'Default';
  }
}

export function agentRefOf(user: User): AgentRef {
  return { userId: user.userId, firstname: user.firstname, lastname: user.lastname };
}

/** Where the conversation is in Chatvisor's app (the webhook's `url`). */
export function conversationUrl(appBaseUrl: string, customerId: string): string {
  return `${appBaseUrl}/app/chat/${encodeURIComponent(customerId)}`;
}

function publicUser(user: StoredUser): User {
  return { userId: user.userId, email: user.email, firstname: user.firstname, lastname: user.lastname, teamIds: [...user.teamIds], active: user.active };
}
