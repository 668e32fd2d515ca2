import assert from 'node:assert/strict';
import { type ChatEvent, ErrorCode } from '@byosd/core';
import type { Scenario } from '../scenario.js';
import { expectRejection, FIRST_AGENT, sendUserMessages, settle, startChat, startConnectedChat } from '../steps.js';
import { describeReports, reports } from '../transcript.js';

/** Reports that arrived after `last` (an event of the chat). */
const reportsAfter = (events: readonly ChatEvent[], last: ChatEvent) => reports(events.filter((event) => event.seq > last.seq));

/** Lifecycle: start, queue, join, the ways a chat ends, and what the end means. */
export const lifecycleScenarios: Scenario[] = [
  {
    group: 'lifecycle',
    name: 'startChat resolves once the user is queued, before an agent joins',
    async run(context) {
      const { chat, backendChatId } = await startChat(context);
      const backendChat = await context.agent.chat(backendChatId);
      assert.equal(backendChat.status, 'queued', 'the backend should hold the chat in its queue');
      assert.ok(!chat.history().some((event) => event.type === 'agentJoined'), 'no agent should have joined yet');
    },
  },
  {
    group: 'lifecycle',
    name: "an agent accepts: agentJoined carries the agent's id and name",
    async run(context) {
      const { chat } = await startConnectedChat(context);
      const joined = await chat.waitFor('agentJoined');
      assert.equal(joined.profile.id, FIRST_AGENT.id, 'agentJoined should carry the agent id');
      assert.equal(joined.profile.nickname, FIRST_AGENT.name, 'agentJoined should carry the agent name as nickname');
    },
  },
  {
    group: 'lifecycle',
    name: "a change of the user's locale during the chat reaches the backend",
    requires: ['stateUpdates'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await chat.desk.updateState?.({ locale: 'nl-NL' });
      assert.equal((await context.agent.chat(backendChatId)).locale, 'nl-NL');
    },
  },
  {
    group: 'lifecycle',
    name: 'the user ends the chat: endChat resolves and the backend closes the chat',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await chat.desk.endChat();
      const backendChat = await context.agent.chat(backendChatId);
      assert.equal(backendChat.status, 'ended', 'the backend should have closed the chat');
      assert.equal(backendChat.endedBy, 'user', 'the backend should record that the user ended it');
    },
  },
  {
    group: 'lifecycle',
    name: 'the agent ends the chat: agentEndedChat reaches the user',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await context.agent.end(backendChatId);
      await chat.waitFor('agentEndedChat');
    },
  },
  {
    group: 'lifecycle',
    name: 'the agent leaves without ending: agentLeftChat, and the chat goes on',
    requires: ['agentLeave'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await context.agent.leave(backendChatId);
      await chat.waitFor('agentLeftChat');
      await sendUserMessages(chat, ['Is anyone there?']);
      const backendChat = await context.agent.chat(backendChatId);
      assert.notEqual(backendChat.status, 'ended', 'the chat should still be open at the backend');
      assert.deepEqual(
        backendChat.messages.map((message) => message.text),
        ['Is anyone there?'],
        'a message sent after the agent left should still reach the backend',
      );
      assert.ok(!chat.history().some((event) => event.type === 'agentEndedChat'), 'leaving is not ending');
    },
  },
  {
    group: 'lifecycle',
    name: 'endChat is idempotent: a repeated or concurrent call resolves',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await Promise.all([chat.desk.endChat(), chat.desk.endChat()]);
      await chat.desk.endChat();
      assert.equal((await context.agent.chat(backendChatId)).status, 'ended');
    },
  },
  {
    group: 'lifecycle',
    name: 'nothing reaches the user after agentEndedChat',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await context.agent.say(backendChatId, 'Goodbye!');
      await context.agent.end(backendChatId);
      const ended = await chat.waitFor('agentEndedChat');
      await settle();
      const after = reportsAfter(chat.history(), ended);
      assert.equal(after.length, 0, `nothing should follow agentEndedChat, but the user was told: ${describeReports(after)}`);
    },
  },
  {
    group: 'lifecycle',
    name: 'nothing reaches the user after they end the chat',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const last = chat.history().at(-1);
      await chat.desk.endChat();
      // The agent may still try; whatever the backend does with it must not reach the user.
      await context.agent.say(backendChatId, 'Are you still there?').catch(() => undefined);
      await settle();
      const after = last === undefined ? reports(chat.history()) : reportsAfter(chat.history(), last);
      assert.ok(!after.some((event) => event.type !== 'agentEndedChat'), `nothing should follow the end, but the user was told: ${describeReports(after)}`);
    },
  },
  {
    group: 'lifecycle',
    name: 'calls after the user ended the chat fail with CHAT_ENDED',
    async run(context) {
      const { chat } = await startConnectedChat(context);
      await chat.desk.endChat();
      await expectRejection(chat.desk.sendMessageToAgent({ input: { text: 'too late' } }, 'after-end'), ErrorCode.CHAT_ENDED, 'sendMessageToAgent after the end');
      if (context.capabilities.userTyping && chat.desk.userTyping) {
        await expectRejection(chat.desk.userTyping(true), ErrorCode.CHAT_ENDED, 'userTyping after the end');
      }
      if (context.capabilities.userReadReceipts && chat.desk.userReadMessages) {
        await expectRejection(chat.desk.userReadMessages(), ErrorCode.CHAT_ENDED, 'userReadMessages after the end');
      }
    },
  },
  {
    group: 'lifecycle',
    name: 'calls after the agent ended the chat fail with CHAT_ENDED',
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await context.agent.end(backendChatId);
      await chat.waitFor('agentEndedChat');
      await expectRejection(chat.desk.sendMessageToAgent({ input: { text: 'too late' } }, 'after-agent-end'), ErrorCode.CHAT_ENDED, 'sendMessageToAgent after the agent ended the chat');
    },
  },
];
