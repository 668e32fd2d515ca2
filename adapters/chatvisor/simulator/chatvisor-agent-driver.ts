import { ErrorCode, ServiceDeskError } from '@byosd/core';
import { waitForTopic } from '@byosd/simulators';
import {
  type AgentAction,
  type AgentChat,
  AgentActionError,
  type AgentChatFilter,
  type AgentDriver,
  type AgentIdentity,
  runAgentActions,
} from '@byosd/conformance';
import type { AgentRef } from '../protocol/index.js';
import { agentRefOf, type ChatvisorBackend, type StoredConversation } from './chatvisor-backend.js';

/**
 * Plays Chatvisor agents in the agent app: accepting opens the chat (the agent is then the one in it, status
 * UNRESOLVED), a transfer hands it to another agent, leaving puts it back UNREAD with no agent, ending sets it
 * DONE. Each is a status change, announced by the status-change webhook. Chatvisor's API carries neither typing
 * nor a queue position, so `type` and `setQueue` are refused.
 */
export function createChatvisorAgentDriver(backend: ChatvisorBackend): AgentDriver {
  const find = (chatId: string): StoredConversation => {
    const conversation = backend.conversations.get(chatId);
    if (!conversation) throw new AgentActionError('UNKNOWN_CHAT', `No Chatvisor conversation for customer ${chatId}`);
    return conversation;
  };
  const live = (chatId: string): StoredConversation => {
    const conversation = find(chatId);
    if (conversation.status === 'DONE') throw new AgentActionError('CHAT_ENDED', `The conversation of ${chatId} is DONE`);
    return conversation;
  };
  const agentIn = (conversation: StoredConversation): AgentRef => {
    if (!conversation.agent) throw new ServiceDeskError(ErrorCode.INVALID_STATE, `No agent is in the chat of ${conversation.customerId}`);
    return conversation.agent;
  };
  const open = (conversation: StoredConversation, agent: AgentIdentity) => {
    const user = backend.ensureAgent(agent.id, agent.name);
    backend.changeStatus(conversation, 'UNRESOLVED', agentRefOf(user));
  };
  const end = (conversation: StoredConversation) => {
    conversation.endedBy = 'agent';
    backend.changeStatus(conversation, 'DONE', conversation.agent);
  };

  // actOnNextChat: the agent acts inside the request that opens the conversation, before it is answered, so the
  // webhooks race the rest of the adapter's start.
  let nextChatActions: readonly AgentAction[] | undefined;
  backend.onConversationStarted((conversation) => {
    const actions = nextChatActions;
    if (!actions) return;
    nextChatActions = undefined;
    runAgentActions(actions, {
      accept: (agent) => open(conversation, agent),
      say: (text) => void backend.postAgentMessage(conversation, agentIn(conversation), text),
      end: () => end(conversation),
    });
  });

  return {
    async chats(filter: AgentChatFilter = 'all') {
      return backend
        .chats()
        .map((conversation) => toAgentChat(conversation, backend))
        .filter((chat) => filter === 'all' || (filter === 'waiting' ? chat.status === 'queued' : chat.status !== 'ended'));
    },
    async chat(chatId) {
      return toAgentChat(find(chatId), backend);
    },
    async waitForChat(topic, timeoutMs = 5000) {
      return waitForTopic<AgentChat>({
        topic,
        timeoutMs,
        existing: backend.chats().map((conversation) => toAgentChat(conversation, backend)),
        onStarted: (listener) => backend.onConversationStarted((conversation) => listener(toAgentChat(conversation, backend))),
        backendName: 'Chatvisor',
      });
    },
    async accept(chatId, agent) {
      open(live(chatId), agent);
    },
    async say(chatId, text) {
      const conversation = live(chatId);
      return backend.postAgentMessage(conversation, agentIn(conversation), text).seq.toString();
    },
    async type() {
      throw new ServiceDeskError(ErrorCode.NOT_SUPPORTED, "Chatvisor's API carries no typing indicator");
    },
    async read(chatId) {
      const conversation = live(chatId);
      if (conversation.status === 'UNREAD') backend.changeStatus(conversation, 'UNRESOLVED', conversation.agent);
    },
    async transfer(chatId, to) {
      const conversation = live(chatId);
      agentIn(conversation);
      open(conversation, to);
    },
    async leave(chatId) {
      const conversation = live(chatId);
      agentIn(conversation);
      backend.changeStatus(conversation, 'UNREAD', null);
    },
    async end(chatId) {
      end(live(chatId));
    },
    async setAgentsOnline(online) {
      backend.presenceKnown = online !== null;
      if (online !== null) backend.setAllPresence(online);
    },
    async setQueue() {
      throw new ServiceDeskError(ErrorCode.NOT_SUPPORTED, 'Chatvisor reports no queue position or wait time');
    },
    async actOnNextChat(actions) {
      nextChatActions = actions;
    },
  };
}

function toAgentChat(conversation: StoredConversation, backend: ChatvisorBackend): AgentChat {
  const customer = backend.customers.get(conversation.customerId);
  const preChat = Object.fromEntries(
    Object.entries({ email: customer?.email, firstname: customer?.firstname, lastname: customer?.lastname }).filter(
      ([, value]) => value !== null && value !== undefined,
    ),
  );
  const everJoined = conversation.entries.some((entry) => entry.type === 'STATUS_CHANGE' && entry.agent !== null);
  const agent = conversation.agent;
  return {
    chatId: conversation.customerId,
    topic: conversation.subject,
    ...(Object.keys(preChat).length > 0 ? { preChat } : {}),
    status: conversation.status === 'DONE' ? 'ended' : everJoined ? 'active' : 'queued',
    ...(agent ? { agent: { id: agent.userId, name: `${agent.firstname} ${agent.lastname}`.trim() } } : {}),
    ...(conversation.endedBy ? { endedBy: conversation.endedBy } : {}),
    messages: conversation.entries.flatMap((entry) =>
      entry.type === 'MESSAGE' && entry.sender === 'CUSTOMER' ? [{ messageId: entry.id, text: entry.text, attachments: [] }] : [],
    ),
    userTyping: false,
    userReads: 0,
  };
}
