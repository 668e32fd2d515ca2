import assert from 'node:assert/strict';
import type { Scenario } from '../scenario.js';
import { startConnectedChat } from '../steps.js';

/** Typing indicators and read receipts, both ways. */
export const typingAndReceiptsScenarios: Scenario[] = [
  {
    group: 'typing-and-receipts',
    name: 'the agent sees the user start and stop typing',
    requires: ['userTyping'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await chat.desk.userTyping?.(true);
      assert.equal((await context.agent.chat(backendChatId)).userTyping, true, 'the agent should see the user typing');
      await chat.desk.userTyping?.(false);
      assert.equal((await context.agent.chat(backendChatId)).userTyping, false, 'the agent should see the user stop typing');
    },
  },
  {
    group: 'typing-and-receipts',
    name: 'the user sees the agent start and stop typing',
    requires: ['agentTyping'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await context.agent.type(backendChatId, true);
      const started = await chat.waitFor('agentTyping', (event) => event.isTyping, 'agentTyping(true)');
      await context.agent.type(backendChatId, false);
      await chat.waitFor('agentTyping', (event) => !event.isTyping && event.seq > started.seq, 'agentTyping(false)');
    },
  },
  {
    group: 'typing-and-receipts',
    name: 'the agent learns that the user read their messages',
    requires: ['userReadReceipts'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await context.agent.say(backendChatId, 'Here is your tracking number: 0042');
      await chat.waitFor('sendMessageToUser');
      const before = (await context.agent.chat(backendChatId)).userReads;
      await chat.desk.userReadMessages?.();
      assert.ok((await context.agent.chat(backendChatId)).userReads > before, 'the agent should see the read receipt');
    },
  },
  {
    group: 'typing-and-receipts',
    name: 'the user learns that the agent read their messages',
    requires: ['agentReadReceipts'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await chat.desk.sendMessageToAgent({ input: { text: 'Did you get my photo?' } }, 'read-me');
      await context.agent.read(backendChatId);
      await chat.waitFor('agentReadMessages');
    },
  },
];
