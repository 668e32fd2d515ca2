import { ErrorCode, ServiceDeskError } from '@byosd/core';
import { z } from 'zod';
import { type AgentChat, type AgentChatFilter, type AgentDriver, type AgentIdentity, runAgentActions } from '@byosd/conformance';
import type { ClientEventChannel } from './client-event-channel.js';
import type { ChangeSource, Conversation, FlexBackend, Participant, Task } from './flex-backend.js';
import { newSid } from './twilio-ids.js';

const agentAttributesSchema = z.looseObject({ member_type: z.literal('agent'), friendly_name: z.string() });
const customerAttributesSchema = z.looseObject({ locale: z.string().optional() });

/** A Flex agent as Flex adds them to a conversation: their worker identity, marked as an agent. */
function agentAttributes(agent: AgentIdentity): string {
  return JSON.stringify({ member_type: 'agent', friendly_name: agent.name });
}

function parseAttributes<S extends z.ZodType>(schema: S, text: string): z.output<S> | undefined {
  try {
    return schema.safeParse(JSON.parse(text)).data;
  } catch {
    return undefined;
  }
}

/** The agent participant now in the chat, if any. */
function currentAgent(conversation: Conversation): Participant | undefined {
  return [...conversation.participants.values()].find((participant) => parseAttributes(agentAttributesSchema, participant.attributes) !== undefined);
}

/**
 * Plays Flex agents through the Flex UI (an SDK client): accepting a task adds them as a participant, their
 * messages and read horizon are SDK changes (always posted as webhooks), leaving wraps their task up, ending
 * closes the interaction and the conversation.
 */
export function createFlexAgentDriver(flex: FlexBackend, clients: ClientEventChannel): AgentDriver {
  const sdk = (identity: string): ChangeSource => ({ source: 'SDK', clientIdentity: identity });
  const liveTask = (conversation: Conversation): Task | undefined =>
    flex.tasksOf(conversation).find((task) => task.status !== 'completed' && task.status !== 'canceled');
  const agentOf = (conversation: Conversation): Participant => {
    const agent = currentAgent(conversation);
    if (!agent) throw new ServiceDeskError(ErrorCode.INVALID_STATE, `No agent is in chat ${conversation.sid}`);
    return agent;
  };
  /** An agent accepts the live task (reserved, then assigned) and Flex adds them to the conversation. */
  const join = (conversation: Conversation, agent: AgentIdentity) => {
    const task = liveTask(conversation) ?? flex.createTask(conversation, {});
    flex.setTaskStatus(task, 'reserved');
    flex.setTaskStatus(task, 'assigned');
    flex.addParticipant(conversation, { identity: agent.id, attributes: agentAttributes(agent) }, sdk(agent.id));
  };
  const say = (conversation: Conversation, text: string): string => {
    const agent = agentOf(conversation);
    return flex.addMessage(conversation, { author: agent.identity, body: text }, sdk(agent.identity)).sid;
  };
  const end = (conversation: Conversation) => flex.setState(conversation, 'closed', sdk(currentAgent(conversation)?.identity ?? 'flex'));
  /** Stops waiting for the next chat with the actions armed last. */
  let disarm: (() => void) | undefined;

  return {
    async chats(filter: AgentChatFilter = 'all') {
      return flex
        .chats()
        .map((conversation) => toAgentChat(flex, conversation))
        .filter((chat) => filter === 'all' || (filter === 'waiting' ? chat.status === 'queued' : chat.status !== 'ended'));
    },
    async chat(chatId) {
      return toAgentChat(flex, flex.chat(chatId));
    },
    waitForChat(topic, timeoutMs = 5000) {
      const current = flex;
      const existing = current.chats().find((conversation) => conversation.friendlyName === topic);
      if (existing) return Promise.resolve(toAgentChat(current, existing));
      return new Promise<AgentChat>((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new ServiceDeskError(ErrorCode.TIMEOUT, `No chat about "${topic}" reached Flex within ${timeoutMs} ms`));
        }, timeoutMs);
        const stop = current.onChatStarted((conversation) => {
          if (conversation.friendlyName !== topic) return;
          clearTimeout(timer);
          stop();
          resolve(toAgentChat(current, conversation));
        });
      });
    },
    async accept(chatId, agent) {
      join(flex.chat(chatId, true), agent);
    },
    async say(chatId, text) {
      return say(flex.chat(chatId, true), text);
    },
    async type(chatId, isTyping) {
      const conversation = flex.chat(chatId, true);
      clients.typing(conversation.sid, agentOf(conversation).sid, isTyping);
    },
    async read(chatId) {
      const conversation = flex.chat(chatId, true);
      const agent = agentOf(conversation);
      const last = conversation.messages.at(-1);
      if (last) flex.updateParticipant(conversation, agent, { lastReadMessageIndex: last.index }, sdk(agent.identity));
    },
    async transfer(chatId, to) {
      // Flex's cold transfer: a new task for the new agent, who joins on accepting it; the first agent then leaves.
      const conversation = flex.chat(chatId, true);
      const from = agentOf(conversation);
      const previous = liveTask(conversation);
      join(conversation, to);
      if (previous) flex.finishTask(previous, 'completed');
      flex.removeParticipant(conversation, from, sdk(from.identity));
    },
    async leave(chatId) {
      const conversation = flex.chat(chatId, true);
      const agent = agentOf(conversation);
      const task = liveTask(conversation);
      if (task) flex.finishTask(task, 'completed');
      flex.removeParticipant(conversation, agent, sdk(agent.identity));
    },
    async end(chatId) {
      end(flex.chat(chatId, true));
    },
    async setAgentsOnline(online) {
      flex.agentsOnline = online;
    },
    async setQueue(chatId, position, waitMinutes) {
      // Other customers' tasks, created before this chat's, put it at `position`; the average acceptance time
      // makes the adapter's estimate (position × average) come to `waitMinutes`.
      const current = flex;
      const conversation = current.chat(chatId, true);
      const ownCreated = liveTask(conversation)?.dateCreated.getTime() ?? Date.now();
      const othersKey = `others-ahead-of-${conversation.sid}`;
      for (const task of current.tasks) if (task.conversationSid === othersKey) current.finishTask(task, 'canceled');
      for (let ahead = position - 1; ahead > 0; ahead -= 1) {
        current.tasks.push({
          sid: newSid('WT'),
          conversationSid: othersKey,
          status: 'pending',
          history: ['pending'],
          attributes: '{}',
          dateCreated: new Date(ownCreated - 1000 * ahead),
        });
      }
      current.averageAcceptanceSeconds = position > 0 ? (waitMinutes * 60) / position : null;
    },
    async actOnNextChat(actions) {
      disarm?.();
      // Flex tells its listeners as it routes the chat (a web chat or an interaction), inside the request that
      // starts it: the agent's webhooks go out before that request's answer, and race it to the adapter.
      const stop = flex.onChatStarted((conversation) => {
        stop();
        disarm = undefined;
        runAgentActions(actions, { accept: (agent) => join(conversation, agent), say: (text) => void say(conversation, text), end: () => end(conversation) });
      });
      disarm = stop;
    },
  };
}

function toAgentChat(backend: FlexBackend, conversation: Conversation): AgentChat {
  const agent = currentAgent(conversation);
  const agentName = agent ? parseAttributes(agentAttributesSchema, agent.attributes)?.friendly_name : undefined;
  const customerIdentity = conversation.flex?.customerIdentity;
  const customer = [...conversation.participants.values()].find((participant) => participant.identity === customerIdentity);
  const locale = customer ? parseAttributes(customerAttributesSchema, customer.attributes)?.locale : undefined;
  const everAssigned = backend.tasksOf(conversation).some((task) => task.history.includes('assigned'));
  return {
    chatId: conversation.sid,
    topic: conversation.friendlyName,
    status: conversation.state === 'closed' ? 'ended' : everAssigned ? 'active' : 'queued',
    ...(agent && agentName ? { agent: { id: agent.identity, name: agentName } } : {}),
    ...(conversation.endedBy ? { endedBy: conversation.endedBy } : {}),
    messages: conversation.messages
      .filter((message) => message.author === customerIdentity)
      .map((message) => ({ messageId: message.sid, text: message.body, attachments: [] })),
    userTyping: conversation.userTyping,
    userReads: conversation.userReads,
    ...(locale ? { locale } : {}),
  };
}
