import { AgentActionError } from '@byosd/conformance';
import { newSid } from './twilio-ids.js';
import { TwilioApiError } from './twilio-rest.js';

export type ConversationState = 'active' | 'inactive' | 'closed';
export type TaskStatus = 'pending' | 'reserved' | 'assigned' | 'wrapping' | 'completed' | 'canceled';
/** Who made a change: the REST API (the user side here) or an SDK client (the agent's Flex UI). */
export type ChangeSource = { source: 'API'; webhooksEnabled: boolean } | { source: 'SDK'; clientIdentity: string };

export interface Participant {
  sid: string;
  identity: string;
  /** The conversation role: the service's default participant role unless one is given. */
  roleSid: string;
  attributes: string;
  lastReadMessageIndex: number | null;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface Message {
  sid: string;
  index: number;
  author: string;
  body: string;
  attributes: string;
  participantSid: string | null;
  dateCreated: Date;
}

export interface Task {
  sid: string;
  conversationSid: string;
  status: TaskStatus;
  /** Every status the task went through, in order. */
  history: TaskStatus[];
  attributes: string;
  dateCreated: Date;
}

export interface Conversation {
  sid: string;
  uniqueName: string | null;
  friendlyName: string;
  attributes: string;
  state: ConversationState;
  dateCreated: Date;
  dateUpdated: Date;
  participants: Map<string, Participant>;
  messages: Message[];
  nextIndex: number;
  /** Set once Flex routes it (WebChats or Interactions): only then is it a chat for agents. */
  flex?: { customerIdentity: string; interaction?: { sid: string; channelSid: string } };
  endedBy?: 'user' | 'agent';
  userReads: number;
  userTyping: boolean;
}

/** A Conversations webhook event: form fields, as posted. */
export type WebhookFields = Record<string, string>;

export const MAX_BODY_LENGTH = 1600;

/**
 * The state behind the Twilio simulator: conversations with their participants and messages, the Flex tasks
 * that route them, and the TaskRouter figures. Every change that Twilio would post as a webhook is handed to
 * `emit` (when the source allows: SDK changes always, REST changes only with X-Twilio-Webhook-Enabled).
 */
export class FlexBackend {
  readonly accountSid: string;
  readonly chatServiceSid = newSid('IS');
  readonly addressSid = newSid('IG');
  readonly workspaceSid = newSid('WS');
  readonly workflowSid = newSid('WW');
  readonly taskQueueSid = newSid('WQ');
  /** The Conversation Service's default conversation role, which every participant gets. */
  readonly participantRoleSid = newSid('RL');
  readonly conversations = new Map<string, Conversation>();
  readonly tasks: Task[] = [];
  /** null: TaskRouter cannot tell (its statistics answer null). */
  agentsOnline: boolean | null = true;
  averageAcceptanceSeconds: number | null = null;
  private readonly chatStartedListeners = new Set<(conversation: Conversation) => void>();

  constructor(
    accountSid: string,
    private readonly emit: (conversation: Conversation, fields: WebhookFields) => void,
  ) {
    this.accountSid = accountSid;
  }

  /** Forgets every chat, task and figure; the account's resources (address, workspace, queue) stay. */
  clear(): void {
    this.conversations.clear();
    this.tasks.length = 0;
    this.agentsOnline = true;
    this.averageAcceptanceSeconds = null;
  }

  // ---- Conversations ----

  createConversation(fields: {
    friendlyName?: string | undefined;
    uniqueName?: string | undefined;
    attributes?: string | undefined;
    state?: ConversationState | undefined;
  }): Conversation {
    if (fields.uniqueName && this.findConversation(fields.uniqueName))
      throw new TwilioApiError(409, 50353, `Conversation with provided unique name ${fields.uniqueName} already exists`);
    const now = new Date();
    const conversation: Conversation = {
      sid: newSid('CH'),
      uniqueName: fields.uniqueName ?? null,
      friendlyName: fields.friendlyName ?? '',
      attributes: fields.attributes ?? '{}',
      state: fields.state ?? 'active',
      dateCreated: now,
      dateUpdated: now,
      participants: new Map(),
      messages: [],
      nextIndex: 0,
      userReads: 0,
      userTyping: false,
    };
    this.conversations.set(conversation.sid, conversation);
    return conversation;
  }

  findConversation(sidOrUniqueName: string): Conversation | undefined {
    return this.conversations.get(sidOrUniqueName) ?? [...this.conversations.values()].find((conversation) => conversation.uniqueName === sidOrUniqueName);
  }

  /** @throws 20404 when there is none. */
  conversation(sidOrUniqueName: string): Conversation {
    const found = this.findConversation(sidOrUniqueName);
    if (!found) throw new TwilioApiError(404, 20404, `The requested resource /Conversations/${sidOrUniqueName} was not found`);
    return found;
  }

  /** @throws 50377 when the conversation is closed: nothing in it can change any more. */
  writable(conversation: Conversation): Conversation {
    if (conversation.state === 'closed') throw new TwilioApiError(400, 50377, 'Conversation is closed');
    return conversation;
  }

  update(conversation: Conversation, fields: { friendlyName?: string; attributes?: string }): void {
    this.writable(conversation);
    if (fields.friendlyName !== undefined) conversation.friendlyName = fields.friendlyName;
    if (fields.attributes !== undefined) conversation.attributes = fields.attributes;
    conversation.dateUpdated = new Date();
  }

  setState(conversation: Conversation, state: ConversationState, by: ChangeSource): void {
    this.writable(conversation);
    if (conversation.state === state) return;
    const from = conversation.state;
    conversation.state = state;
    conversation.dateUpdated = new Date();
    if (state === 'closed') {
      conversation.endedBy = by.source === 'SDK' ? 'agent' : 'user';
      for (const task of this.tasksOf(conversation)) this.finishTask(task, task.status === 'pending' || task.status === 'reserved' ? 'canceled' : 'completed');
    }
    this.emitFrom(conversation, by, {
      EventType: 'onConversationStateUpdated',
      StateFrom: from,
      StateTo: state,
      Reason: by.source === 'SDK' ? 'EVENT' : 'API',
      StateUpdated: conversation.dateUpdated.toISOString(),
    });
  }

  addParticipant(conversation: Conversation, fields: { identity: string; attributes?: string }, by: ChangeSource): Participant {
    this.writable(conversation);
    if ([...conversation.participants.values()].some((participant) => participant.identity === fields.identity)) {
      throw new TwilioApiError(409, 50433, `Participant already exists: ${fields.identity}`);
    }
    const now = new Date();
    const participant: Participant = {
      sid: newSid('MB'),
      identity: fields.identity,
      roleSid: this.participantRoleSid,
      attributes: fields.attributes ?? '{}',
      lastReadMessageIndex: null,
      dateCreated: now,
      dateUpdated: now,
    };
    conversation.participants.set(participant.sid, participant);
    this.emitFrom(conversation, by, { EventType: 'onParticipantAdded', ...participantFields(participant) });
    return participant;
  }

  participant(conversation: Conversation, sid: string): Participant {
    const found = conversation.participants.get(sid) ?? [...conversation.participants.values()].find((participant) => participant.identity === sid);
    if (!found) throw new TwilioApiError(404, 20404, `The requested resource /Conversations/${conversation.sid}/Participants/${sid} was not found`);
    return found;
  }

  updateParticipant(
    conversation: Conversation,
    participant: Participant,
    fields: { attributes?: string; lastReadMessageIndex?: number },
    by: ChangeSource,
  ): void {
    this.writable(conversation);
    if (fields.attributes !== undefined) participant.attributes = fields.attributes;
    if (fields.lastReadMessageIndex !== undefined) {
      participant.lastReadMessageIndex = fields.lastReadMessageIndex;
      if (participant.identity === conversation.flex?.customerIdentity) conversation.userReads += 1;
    }
    participant.dateUpdated = new Date();
    this.emitFrom(conversation, by, {
      EventType: 'onParticipantUpdated',
      ...participantFields(participant),
      ...(participant.lastReadMessageIndex === null ? {} : { LastReadMessageIndex: String(participant.lastReadMessageIndex) }),
      DateUpdated: participant.dateUpdated.toISOString(),
    });
  }

  removeParticipant(conversation: Conversation, participant: Participant, by: ChangeSource): void {
    this.writable(conversation);
    conversation.participants.delete(participant.sid);
    participant.dateUpdated = new Date();
    this.emitFrom(conversation, by, {
      EventType: 'onParticipantRemoved',
      ...participantFields(participant),
      DateUpdated: participant.dateUpdated.toISOString(),
    });
  }

  /** Adds a message; a message in an inactive conversation makes it active again. */
  addMessage(conversation: Conversation, fields: { author: string; body: string; attributes?: string }, by: ChangeSource): Message {
    this.writable(conversation);
    if (fields.body.length > MAX_BODY_LENGTH) throw new TwilioApiError(400, 21617, `The message body exceeds the ${MAX_BODY_LENGTH} character limit`);
    if (conversation.state === 'inactive') this.setState(conversation, 'active', by);
    const author = [...conversation.participants.values()].find((participant) => participant.identity === fields.author);
    const message: Message = {
      sid: newSid('IM'),
      index: conversation.nextIndex,
      author: fields.author,
      body: fields.body,
      attributes: fields.attributes ?? '{}',
      participantSid: author?.sid ?? null,
      dateCreated: new Date(),
    };
    conversation.nextIndex += 1;
    conversation.messages.push(message);
    this.emitFrom(conversation, by, { EventType: 'onMessageAdded', ...messageFields(message) });
    return message;
  }

  // ---- Flex and TaskRouter ----

  /** Flex takes the conversation: a task for it waits in the queue (pending) until an agent accepts. */
  routeToFlex(
    conversation: Conversation,
    customerIdentity: string,
    taskAttributes: Record<string, unknown>,
    interaction?: { sid: string; channelSid: string },
  ): Task {
    conversation.flex = { customerIdentity, ...(interaction ? { interaction } : {}) };
    const task = this.createTask(conversation, taskAttributes);
    for (const listener of this.chatStartedListeners) listener(conversation);
    return task;
  }

  createTask(conversation: Conversation, attributes: Record<string, unknown>, dateCreated = new Date()): Task {
    const task: Task = {
      sid: newSid('WT'),
      conversationSid: conversation.sid,
      status: 'pending',
      history: ['pending'],
      attributes: JSON.stringify({ conversationSid: conversation.sid, ...attributes }),
      dateCreated,
    };
    this.tasks.push(task);
    return task;
  }

  setTaskStatus(task: Task, status: TaskStatus): void {
    task.status = status;
    task.history.push(status);
  }

  /** Ends a task that is still live. */
  finishTask(task: Task, status: 'completed' | 'canceled'): void {
    if (task.status === 'completed' || task.status === 'canceled') return;
    if (status === 'completed' && task.status === 'assigned') this.setTaskStatus(task, 'wrapping');
    this.setTaskStatus(task, status);
  }

  tasksOf(conversation: Conversation): Task[] {
    return this.tasks.filter((task) => task.conversationSid === conversation.sid);
  }

  /** The chats agents see: conversations Flex routed. */
  chats(): Conversation[] {
    return [...this.conversations.values()].filter((conversation) => conversation.flex !== undefined);
  }

  /** The chat `chatId` (a ConversationSid) for an agent action. */
  chat(chatId: string, mustBeOpen = false): Conversation {
    const found = this.conversations.get(chatId);
    if (!found?.flex) throw new AgentActionError('UNKNOWN_CHAT', `No Flex chat ${chatId}`);
    if (mustBeOpen && found.state === 'closed') throw new AgentActionError('CHAT_ENDED', `Chat ${chatId} has ended`);
    return found;
  }

  onChatStarted(listener: (conversation: Conversation) => void): () => void {
    this.chatStartedListeners.add(listener);
    return () => this.chatStartedListeners.delete(listener);
  }

  private emitFrom(conversation: Conversation, by: ChangeSource, fields: WebhookFields): void {
    if (by.source === 'API' && !by.webhooksEnabled) return;
    this.emit(conversation, {
      AccountSid: this.accountSid,
      ChatServiceSid: this.chatServiceSid,
      ConversationSid: conversation.sid,
      Source: by.source,
      ...(by.source === 'SDK' ? { ClientIdentity: by.clientIdentity } : {}),
      ...fields,
    });
  }
}

function participantFields(participant: Participant): WebhookFields {
  return {
    ParticipantSid: participant.sid,
    Identity: participant.identity,
    RoleSid: participant.roleSid,
    Attributes: participant.attributes,
    DateCreated: participant.dateCreated.toISOString(),
  };
}

function messageFields(message: Message): WebhookFields {
  return {
    MessageSid: message.sid,
    Index: String(message.index),
    DateCreated: message.dateCreated.toISOString(),
    Body: message.body,
    Author: message.author,
    ...(message.participantSid ? { ParticipantSid: message.participantSid } : {}),
    Attributes: message.attributes,
  };
}
