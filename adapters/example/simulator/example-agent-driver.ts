import type { DeskChat, ExampleDesk } from '../desk/example-desk.js';
import { type AgentChat, type AgentChatFilter, AgentActionError, type AgentDriver, type AgentIdentity, runAgentActions } from '@byosd/conformance';
import { waitForTopic } from '@byosd/simulators';

/** Plays the agent on an example desk in the same process. `desk()` is read on each call: `reset` swaps it. */
export function createExampleAgentDriver(desk: () => ExampleDesk): AgentDriver {
  const find = (chatId: string): DeskChat => {
    const chat = desk()
      .allChats()
      .find((candidate) => candidate.id === chatId);
    if (!chat) throw new AgentActionError('UNKNOWN_CHAT', `No chat ${chatId} at the example desk`);
    return chat;
  };
  /** Runs an agent action on a chat that must still be open. */
  const act = async <T>(chatId: string, action: (current: ExampleDesk) => T): Promise<T> => {
    if (find(chatId).status === 'ended') throw new AgentActionError('CHAT_ENDED', `Chat ${chatId} has ended`);
    return action(desk());
  };
  /** Stops waiting for the next chat with the actions armed last. */
  let disarm: (() => void) | undefined;

  return {
    async chats(filter: AgentChatFilter = 'all') {
      const current = desk();
      const chats = filter === 'waiting' ? current.waitingChats() : filter === 'open' ? current.openChats() : current.allChats();
      return chats.map(toAgentChat);
    },
    async chat(chatId) {
      return toAgentChat(find(chatId));
    },
    async waitForChat(topic, timeoutMs = 5000) {
      const current = desk();
      const chat = await waitForTopic({
        topic,
        timeoutMs,
        existing: current.allChats(),
        onStarted: (listener) => current.onChatStarted(listener),
        backendName: 'the example desk',
      });
      return toAgentChat(chat);
    },
    accept: (chatId, agent: AgentIdentity) => act(chatId, (current) => current.accept(chatId, agent)),
    say: (chatId, text, messageId) => act(chatId, (current) => current.say(chatId, text, messageId)),
    type: (chatId, isTyping) => act(chatId, (current) => current.type(chatId, isTyping)),
    read: (chatId) => act(chatId, (current) => current.read(chatId)),
    transfer: (chatId, to) => act(chatId, (current) => current.transfer(chatId, to)),
    leave: (chatId) => act(chatId, (current) => current.leave(chatId)),
    end: (chatId) => act(chatId, (current) => current.end(chatId)),
    setQueue: (chatId, position, waitMinutes) => act(chatId, (current) => current.setQueue(chatId, position, waitMinutes)),
    async setAgentsOnline(online) {
      desk().agentsOnline = online;
    },
    async actOnNextChat(actions) {
      disarm?.();
      const current = desk();
      // The desk tells its listeners inside its start handler, right after it sent the start reply.
      const stop = current.onChatStarted((chat) => {
        stop();
        disarm = undefined;
        runAgentActions(actions, {
          accept: (agent) => current.accept(chat.id, agent),
          say: (text) => void current.say(chat.id, text),
          end: () => current.end(chat.id),
        });
      });
      disarm = stop;
    },
  };
}

function toAgentChat(chat: DeskChat): AgentChat {
  return {
    chatId: chat.id,
    topic: chat.topic,
    ...(Object.keys(chat.preChat).length > 0 ? { preChat: { ...chat.preChat } } : {}),
    status: chat.status,
    ...(chat.agent ? { agent: { id: chat.agent.id, name: chat.agent.name } } : {}),
    ...(chat.endedBy ? { endedBy: chat.endedBy } : {}),
    messages: chat.received.map((message) => ({ messageId: message.messageId, text: message.text, attachments: [...message.attachments] })),
    userTyping: chat.userTyping,
    userReads: chat.userReads,
    ...(chat.locale ? { locale: chat.locale } : {}),
  };
}
