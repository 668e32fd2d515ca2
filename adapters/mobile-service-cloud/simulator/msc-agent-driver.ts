import { waitForTopic } from '@byosd/simulators';
import { type AgentAction, AgentActionError, type AgentChat, type AgentDriver, type AgentIdentity, runAgentActions } from '@byosd/conformance';
import type { MscBackend, MscConversation } from './msc-backend.js';

/**
 * Plays MSC agents: they pick conversations up, reply, type, transfer, leave and end. What they do reaches the
 * channel through the router as TwoWay deliveries.
 */
export function createMscAgentDriver(msc: MscBackend): AgentDriver {
  const live = (chatId: string): MscConversation => {
    const conversation = msc.find(chatId);
    if (!conversation) throw new AgentActionError('UNKNOWN_CHAT', `No MSC conversation ${chatId}`);
    if (conversation.status === 'ended') throw new AgentActionError('CHAT_ENDED', `MSC conversation ${chatId} has ended`);
    return conversation;
  };
  const withAgent = (chatId: string): MscConversation & { agent: AgentIdentity } => {
    const conversation = live(chatId);
    if (!conversation.agent) throw new AgentActionError('CHAT_ENDED', `No agent has picked MSC conversation ${chatId} up`);
    return conversation as MscConversation & { agent: AgentIdentity };
  };
  const accept = (conversation: MscConversation, agent: AgentIdentity) => {
    conversation.agent = agent;
    conversation.status = 'active';
    msc.send(conversation, { type: 'event', event: 'agentJoined', agent });
  };

  // actOnNextChat: the agent acts as the handover queues the conversation, before the handover is answered.
  let nextChatActions: readonly AgentAction[] | undefined;
  msc.onQueued((conversation) => {
    const actions = nextChatActions;
    if (!actions) return;
    nextChatActions = undefined;
    runAgentActions(actions, {
      accept: (agent) => accept(conversation, agent),
      say: (text) => {
        if (conversation.agent) msc.send(conversation, { type: 'text', text, agent: conversation.agent });
      },
      end: () => msc.end(conversation, 'agent'),
    });
  });

  return {
    async chats(filter = 'all') {
      // A pending conversation (Enable done, handover not yet) is open: a failed start must close it again.
      return msc
        .all()
        .map(toAgentChat)
        .filter((chat) => filter === 'all' || (filter === 'waiting' ? chat.status === 'queued' : chat.status !== 'ended'));
    },
    async chat(chatId) {
      const conversation = msc.find(chatId);
      if (!conversation) throw new AgentActionError('UNKNOWN_CHAT', `No MSC conversation ${chatId}`);
      return toAgentChat(conversation);
    },
    waitForChat(topic, timeoutMs = 5000) {
      return waitForTopic({
        topic,
        timeoutMs,
        existing: msc
          .all()
          .filter((conversation) => conversation.status !== 'pending')
          .map(toAgentChat),
        onStarted: (listener) => msc.onQueued((conversation) => listener(toAgentChat(conversation))),
        backendName: 'Mobile Service Cloud',
      });
    },
    async accept(chatId, agent) {
      accept(live(chatId), agent);
    },
    async say(chatId, text) {
      const conversation = withAgent(chatId);
      return msc.send(conversation, { type: 'text', text, agent: conversation.agent });
    },
    async type(chatId, isTyping) {
      msc.send(withAgent(chatId), { type: 'typing', isTyping });
    },
    async read(chatId) {
      // MSC tells the channel nothing about what the agent read.
      live(chatId);
    },
    async transfer(chatId, to) {
      const conversation = withAgent(chatId);
      msc.send(conversation, { type: 'event', event: 'transferStarted', agent: to });
      conversation.agent = to;
      msc.send(conversation, { type: 'event', event: 'agentJoined', agent: to });
    },
    async leave(chatId) {
      withAgent(chatId);
      const conversation = live(chatId);
      delete conversation.agent;
      conversation.status = 'queued';
      msc.send(conversation, { type: 'event', event: 'agentLeft' });
    },
    async end(chatId) {
      msc.end(live(chatId), 'agent');
    },
    async setAgentsOnline(online) {
      msc.agentsOnline = online;
    },
    async setQueue(chatId) {
      // MSC reports no queue position to the channel.
      live(chatId);
    },
    async actOnNextChat(actions) {
      nextChatActions = actions;
    },
  };
}

function toAgentChat(conversation: MscConversation): AgentChat {
  const preChat = Object.fromEntries(Object.entries(conversation.context));
  return {
    chatId: conversation.id,
    topic: conversation.topic,
    preChat,
    status: conversation.status === 'ended' ? 'ended' : conversation.status === 'active' ? 'active' : 'queued',
    ...(conversation.agent ? { agent: conversation.agent } : {}),
    ...(conversation.endedBy ? { endedBy: conversation.endedBy } : {}),
    messages: conversation.messages.map((message) => ({ ...message, attachments: [] })),
    userTyping: conversation.userTyping,
    userReads: 0,
  };
}
