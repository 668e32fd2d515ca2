import { type AgentChat, AgentActionError, type AgentDriver, runAgentActions } from '@byosd/conformance';
import { waitForTopic } from '@byosd/simulators';
import type { Conversation, GenesysCloudBackend } from './genesys-cloud-backend.js';

/**
 * Plays the agent on a simulated Genesys Cloud org. `backend()` is read on each call: `reset` swaps it. What has no
 * counterpart on the guest side of Genesys is still recorded but sends nothing: reading (no receipts to guests),
 * leaving (the guest is not told), and the queue position (Genesys exposes only the queue's estimated wait).
 */
export function createGenesysCloudAgentDriver(backend: () => GenesysCloudBackend): AgentDriver {
  const find = (chatId: string): Conversation => {
    const conversation = backend().conversation(chatId);
    if (!conversation) throw new AgentActionError('UNKNOWN_CHAT', `No conversation ${chatId} at the Genesys Cloud simulator`);
    return conversation;
  };
  const live = (chatId: string): Conversation => {
    const conversation = find(chatId);
    if (conversation.status === 'ended') throw new AgentActionError('CHAT_ENDED', `Conversation ${chatId} has ended`);
    return conversation;
  };
  /** Stops waiting for the next conversation with the actions armed last. */
  let disarm: (() => void) | undefined;

  return {
    async chats(filter = 'all') {
      const all = backend().allConversations();
      const chosen =
        filter === 'waiting' ? all.filter((chat) => chat.status === 'queued') : filter === 'open' ? all.filter((chat) => chat.status !== 'ended') : all;
      return chosen.map(toAgentChat);
    },
    async chat(chatId) {
      return toAgentChat(find(chatId));
    },
    async waitForChat(topic, timeoutMs = 5000) {
      const current = backend();
      const conversation = await waitForTopic({
        topic,
        timeoutMs,
        existing: current.allConversations(),
        onStarted: (listener) => current.onConversationStarted(listener),
        backendName: 'the Genesys Cloud simulator',
      });
      return toAgentChat(conversation);
    },
    async accept(chatId, agent) {
      backend().accept(live(chatId), agent);
    },
    async say(chatId, text, messageId) {
      return backend().say(live(chatId), text, messageId);
    },
    async type(chatId, isTyping) {
      backend().type(live(chatId), isTyping);
    },
    async read(chatId) {
      live(chatId);
    },
    async transfer(chatId, to) {
      backend().transfer(live(chatId), to);
    },
    async leave(chatId) {
      backend().leave(live(chatId));
    },
    async end(chatId) {
      backend().end(live(chatId));
    },
    async setAgentsOnline(online) {
      backend().agentsOnline = online;
    },
    async setQueue(chatId, _position, waitMinutes) {
      live(chatId);
      backend().estimatedWaitSeconds = Math.round(waitMinutes * 60);
    },
    async actOnNextChat(actions) {
      disarm?.();
      const current = backend();
      const stop = current.onConversationStarted((conversation) => {
        stop();
        disarm = undefined;
        // The conversation starts inside the guest's onMessage, which the guest socket answers synchronously once it
        // returns; a microtask puts the agent's frames right behind that answer, in the same tick.
        queueMicrotask(() =>
          runAgentActions(actions, {
            accept: (agent) => current.accept(conversation, agent),
            say: (text) => void current.say(conversation, text),
            end: () => current.end(conversation),
          }),
        );
      });
      disarm = stop;
    },
  };
}

function toAgentChat(conversation: Conversation): AgentChat {
  return {
    chatId: conversation.id,
    topic: conversation.topic,
    status: conversation.status,
    ...(conversation.agent ? { agent: { ...conversation.agent } } : {}),
    ...(conversation.endedBy ? { endedBy: conversation.endedBy } : {}),
    messages: conversation.received.map((message) => ({ messageId: message.messageId, text: message.text, attachments: [] })),
    userTyping: conversation.guestTypingUntil > Date.now(),
    userReads: 0,
  };
}
