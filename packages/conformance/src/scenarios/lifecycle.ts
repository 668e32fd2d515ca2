import assert from 'node:assert/strict';
import { type ChatEvent, connectMessage, ErrorCode, isServiceDeskError, messageText } from '@byosd/core';
import type { AgentAction } from '../harness/agent-driver.js';
import type { ChatUnderTest } from '../chat-under-test.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { agentReceivedTexts, expectRejection, FIRST_AGENT, sendUserMessages, settle, startChat, startConnectedChat } from '../steps.js';
import { describeReports, reports } from '../transcript.js';

/** Reports that arrived after `last` (an event of the chat). */
const reportsAfter = (events: readonly ChatEvent[], last: ChatEvent) => reports(events.filter((event) => event.seq > last.seq));

/** The joins, agent messages and ends the user saw, in order: `agentJoined(Ada)`, `message("Hi")`, `agentEndedChat`. */
function agentActivity(events: readonly ChatEvent[]): string[] {
  return events.flatMap((event) => {
    if (event.type === 'agentJoined') return [`agentJoined(${event.profile.nickname})`];
    if (event.type === 'sendMessageToUser') return [`message(${JSON.stringify(messageText(event.message))})`];
    if (event.type === 'agentEndedChat') return ['agentEndedChat'];
    return [];
  });
}

/** Waits until the user has seen `expected` (or as much), then checks that they saw exactly that, in order. */
async function expectAgentActivity(chat: ChatUnderTest, expected: readonly string[]): Promise<void> {
  await chat.until((events) => agentActivity(events).length >= expected.length, expected.join(', '));
  await settle();
  assert.deepEqual(agentActivity(chat.history()), expected, `what the user saw of the agent (all reports: ${describeReports(chat.history())})`);
}

/**
 * Starts a chat whose agent does `actions` in the tick the backend accepts it, right behind the start reply. A
 * start that fails with CHAT_ENDED is accepted when the agent ended the chat meanwhile.
 */
async function startWithInstantAgent(context: ScenarioContext, actions: readonly AgentAction[]): Promise<{ chat: ChatUnderTest; topic: string }> {
  const chat = context.newChat();
  const topic = context.topic('instant agent');
  await context.agent.actOnNextChat(actions);
  try {
    await chat.desk.startChat(connectMessage(topic), {});
  } catch (error) {
    if (!actions.some((action) => action.type === 'end') || !isServiceDeskError(error, ErrorCode.CHAT_ENDED)) throw error;
  }
  return { chat, topic };
}

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
    name: 'the agent joins and speaks in the tick the backend accepts the chat: both reach the user, in order, and the chat works',
    async run(context) {
      const { chat, topic } = await startWithInstantAgent(context, [
        { type: 'accept', agent: FIRST_AGENT },
        { type: 'say', text: 'Hello, I was waiting for you' },
      ]);
      await expectAgentActivity(chat, [`agentJoined(${FIRST_AGENT.name})`, 'message("Hello, I was waiting for you")']);
      await sendUserMessages(chat, ['Great, thanks']);
      const backendChat = await context.agent.waitForChat(topic, context.timeoutMs);
      assert.deepEqual(await agentReceivedTexts(context, backendChat.chatId), ['Great, thanks'], 'what the agent received');
    },
  },
  {
    group: 'lifecycle',
    name: 'the agent joins, speaks and ends in the tick the backend accepts the chat: the user sees all three, in order',
    async run(context) {
      const { chat } = await startWithInstantAgent(context, [
        { type: 'accept', agent: FIRST_AGENT },
        { type: 'say', text: 'Solved, goodbye' },
        { type: 'end' },
      ]);
      await expectAgentActivity(chat, [`agentJoined(${FIRST_AGENT.name})`, 'message("Solved, goodbye")', 'agentEndedChat']);
    },
  },
  {
    group: 'lifecycle',
    name: 'the agent joins and speaks before startChat resolves: both reach the user, in order',
    async run(context) {
      const chat = context.newChat();
      const topic = context.topic('early agent');
      let resolved = false;
      const start = chat.desk.startChat(connectMessage(topic), {}).then(() => {
        resolved = true;
      });
      // Handled here so that a failing start cannot go unhandled while the agent acts; awaited below.
      start.catch(() => undefined);
      const backendChat = await context.agent.waitForChat(topic, context.timeoutMs);
      assert.equal(resolved, false, 'startChat resolved before the backend had the chat');
      await context.agent.accept(backendChat.chatId, FIRST_AGENT);
      await context.agent.say(backendChat.chatId, 'Hello, you are next');
      await start;
      await expectAgentActivity(chat, [`agentJoined(${FIRST_AGENT.name})`, 'message("Hello, you are next")']);
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
      await expectRejection(
        chat.desk.sendMessageToAgent({ input: { text: 'too late' } }, 'after-end'),
        ErrorCode.CHAT_ENDED,
        'sendMessageToAgent after the end',
      );
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
      await expectRejection(
        chat.desk.sendMessageToAgent({ input: { text: 'too late' } }, 'after-agent-end'),
        ErrorCode.CHAT_ENDED,
        'sendMessageToAgent after the agent ended the chat',
      );
    },
  },
];
