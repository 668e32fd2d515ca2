import assert from 'node:assert/strict';
import type { PersistedChat } from '@byosd/core';
import type { ChatUnderTest } from '../chat-under-test.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { agentReceivedTexts, expectUserReceived, sendUserMessages, startConnectedChat } from '../steps.js';

/** A second desk instance (after a page reload, or on another gateway instance) resuming from `persisted`. */
async function reconnectInNewDesk(
  context: ScenarioContext,
  original: ChatUnderTest,
  persisted: PersistedChat,
): Promise<{ chat: ChatUnderTest; resumed: boolean }> {
  const chat = context.newChat({ chatId: original.chatId });
  assert.ok(chat.desk.reconnect, 'the adapter declares resume but has no reconnect');
  return { chat, resumed: await chat.desk.reconnect(persisted) };
}

/** Resume: a chat survives its desk instance. */
export const resumeScenarios: Scenario[] = [
  {
    group: 'resume',
    name: 'a new desk instance resumes from the persisted state: nothing lost, nothing repeated',
    requires: ['resume'],
    async run(context) {
      const { chat: original, backendChatId } = await startConnectedChat(context);
      await context.agent.say(backendChatId, 'first');
      await context.agent.say(backendChatId, 'second');
      await expectUserReceived(original, ['first', 'second']);
      const persisted = original.persisted();
      // The agent goes on while the user's page reloads.
      await context.agent.say(backendChatId, 'sent while you were away');
      await expectUserReceived(original, ['first', 'second', 'sent while you were away']);
      const { chat, resumed } = await reconnectInNewDesk(context, original, persisted);
      assert.equal(resumed, true, 'reconnect should resolve true for a live chat');
      await context.agent.say(backendChatId, 'after the resume');
      await expectUserReceived(chat, ['sent while you were away', 'after the resume'], 'what the resumed chat received');
      await sendUserMessages(chat, ['back again']);
      assert.deepEqual(await agentReceivedTexts(context, backendChatId), ['back again'], 'what the agent received');
    },
  },
  {
    group: 'resume',
    name: 'resuming a chat that the user ended meanwhile resolves false',
    requires: ['resume'],
    async run(context) {
      const { chat: original } = await startConnectedChat(context);
      const persisted = original.persisted();
      await original.desk.endChat();
      const { resumed } = await reconnectInNewDesk(context, original, persisted);
      assert.equal(resumed, false);
    },
  },
  {
    group: 'resume',
    name: 'resuming a chat that the agent ended meanwhile tells the user it is over',
    requires: ['resume'],
    async run(context) {
      const { chat: original, backendChatId } = await startConnectedChat(context);
      const persisted = original.persisted();
      await context.agent.end(backendChatId);
      await original.waitFor('agentEndedChat', undefined, 'the agent to end the chat');
      const { chat, resumed } = await reconnectInNewDesk(context, original, persisted);
      // Either answer is honest: "nothing to resume", or "resumed" followed at once by the agent's end.
      if (resumed) await chat.waitFor('agentEndedChat', undefined, 'the resumed chat to learn that the agent ended it');
    },
  },
];
