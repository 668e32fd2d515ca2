import { waitForTopic } from '@byosd/simulators';
import { type AgentAction, type AgentChat, AgentActionError, type AgentDriver, runAgentActions } from '@byosd/conformance';
import type { Participant } from '../protocol/index.js';
import type { GwsChat, GwsChatStore } from './gws-chat-store.js';

/** What the backend knows about its agents; GWS's customer API never tells a customer, so nothing reads it back. */
export interface AgentRoomState {
  online: boolean | null;
}

/**
 * Plays Genesys Engage agents (Workspace users on GWS's agent API): accepting adds them as a participant, their
 * messages and typing land in the transcript, a transfer adds the new agent before the first one leaves (as a
 * consult-then-complete transfer in Workspace does), and ending the chat makes it Idle.
 */
export function createGwsAgentDriver(store: GwsChatStore, room: AgentRoomState): AgentDriver {
  const live = (chatId: string): GwsChat => {
    const chat = store.find(chatId);
    if (!chat) throw new AgentActionError('UNKNOWN_CHAT', `Chat ${chatId} does not exist`);
    if (chat.state === 'Idle') throw new AgentActionError('CHAT_ENDED', `Chat ${chatId} is over`);
    return chat;
  };
  const currentAgent = (chat: GwsChat): Participant => {
    const agent = chat.agents.at(-1);
    if (!agent) throw new AgentActionError('UNKNOWN_CHAT', `No agent is in chat ${chat.id}`);
    return agent;
  };

  // actOnNextChat: the agent acts as the chat is created, before RequestChat is answered: the first poll finds it all.
  let nextChatActions: readonly AgentAction[] | undefined;
  store.onStarted((chat) => {
    const actions = nextChatActions;
    if (!actions) return;
    nextChatActions = undefined;
    runAgentActions(actions, {
      accept: (agent) => store.agentJoins(chat, agent),
      say: (text) => void store.append(chat, 'Text', currentAgent(chat), text),
      end: () => store.end(chat, 'agent'),
    });
  });

  return {
    async chats(filter = 'all') {
      return store
        .all()
        .map(toAgentChat)
        .filter((chat) => filter === 'all' || (filter === 'waiting' ? chat.status === 'queued' : chat.status !== 'ended'));
    },
    async chat(chatId) {
      const chat = store.find(chatId);
      if (!chat) throw new AgentActionError('UNKNOWN_CHAT', `Chat ${chatId} does not exist`);
      return toAgentChat(chat);
    },
    async waitForChat(topic, timeoutMs = 5000) {
      const found = await waitForTopic({
        topic,
        timeoutMs,
        existing: store.all().map((chat) => ({ topic: chat.subject, chat })),
        onStarted: (listener) => store.onStarted((chat) => listener({ topic: chat.subject, chat })),
        backendName: 'Genesys Engage',
      });
      return toAgentChat(found.chat);
    },
    async accept(chatId, agent) {
      store.agentJoins(live(chatId), agent);
    },
    async say(chatId, text) {
      const chat = live(chatId);
      return String(store.append(chat, 'Text', currentAgent(chat), text).index);
    },
    async type(chatId, isTyping) {
      const chat = live(chatId);
      store.append(chat, isTyping ? 'TypingStarted' : 'TypingStopped', currentAgent(chat));
    },
    async read(chatId) {
      // GWS has no read receipts: the agent reading changes nothing a customer can see.
      live(chatId);
    },
    async transfer(chatId, to) {
      const chat = live(chatId);
      const from = currentAgent(chat);
      store.agentJoins(chat, to);
      store.agentLeaves(chat, from);
    },
    async leave(chatId) {
      const chat = live(chatId);
      store.agentLeaves(chat, currentAgent(chat));
    },
    async end(chatId) {
      store.end(live(chatId), 'agent');
    },
    async setAgentsOnline(online) {
      room.online = online;
    },
    async setQueue(chatId) {
      // The customer API reports no queue position or wait: nothing to change that a customer could see.
      live(chatId);
    },
    async actOnNextChat(actions) {
      nextChatActions = actions;
    },
  };
}

function toAgentChat(chat: GwsChat): AgentChat {
  const agent = chat.agents.at(-1);
  return {
    chatId: chat.id,
    topic: chat.subject,
    // What the customer gave before the chat, as Workspace shows it: the nickname, and the userData.
    preChat: { nickname: chat.customer.nickname, ...chat.userData },
    status: chat.state === 'Idle' ? 'ended' : chat.state === 'Chatting' ? 'active' : 'queued',
    ...(agent ? { agent: { id: agent.participantId, name: agent.nickname } } : {}),
    ...(chat.endedBy ? { endedBy: chat.endedBy } : {}),
    messages: chat.messages
      .filter((message) => message.type === 'Text' && message.from.type === 'Customer')
      .map((message) => ({ messageId: String(message.index), text: message.text ?? '', attachments: [] })),
    userTyping: chat.customerTyping,
    userReads: 0,
  };
}
