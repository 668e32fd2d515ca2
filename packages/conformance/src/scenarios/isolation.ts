import assert from 'node:assert/strict';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { agentReceivedTexts, expectUserReceived, numbered, sendUserMessages, startConnectedChat, type StartedChat } from '../steps.js';

/** How many chats run side by side. */
const PARALLEL_CHATS = 20;

/**
 * How many times the run's event timeout each parallel chat may wait: the chats share one backend and one machine,
 * so on a loaded one an event of any single chat can take several times what it takes alone.
 */
const PARALLEL_TIMEOUT_FACTOR = 4;

async function startParallelChats(context: ScenarioContext): Promise<StartedChat[]> {
  return Promise.all(
    Array.from({ length: PARALLEL_CHATS }, (_, index) =>
      startConnectedChat(context, context.newChat({ timeoutMs: context.timeoutMs * PARALLEL_TIMEOUT_FACTOR }), `parallel chat ${index + 1}`),
    ),
  );
}

/** Isolation: chats side by side never see each other's messages or fate. */
export const isolationScenarios: Scenario[] = [
  {
    group: 'isolation',
    name: `${PARALLEL_CHATS} chats in parallel: every message reaches its own chat only`,
    async run(context) {
      const chats = await startParallelChats(context);
      await Promise.all(
        chats.map(async ({ chat, backendChatId }, index) => {
          const fromAgent = numbered(`to chat ${index + 1}`, 3);
          await Promise.all([
            sendUserMessages(chat, numbered(`from chat ${index + 1}`, 3)),
            (async () => {
              for (const text of fromAgent) await context.agent.say(backendChatId, text);
            })(),
          ]);
          await expectUserReceived(chat, fromAgent, `what the user of chat ${index + 1} received`);
        }),
      );
      for (const [index, { backendChatId }] of chats.entries()) {
        assert.deepEqual(
          await agentReceivedTexts(context, backendChatId),
          numbered(`from chat ${index + 1}`, 3),
          `what the agent of chat ${index + 1} received`,
        );
      }
    },
  },
  {
    group: 'isolation',
    name: `ending one of ${PARALLEL_CHATS} parallel chats leaves the others going`,
    async run(context) {
      const [ending, ...others] = await startParallelChats(context);
      assert.ok(ending);
      await context.agent.end(ending.backendChatId);
      await ending.chat.waitFor('agentEndedChat');
      await Promise.all(
        others.map(async ({ chat, backendChatId }) => {
          await context.agent.say(backendChatId, 'still with you');
          await chat.waitFor('sendMessageToUser');
          await sendUserMessages(chat, ['good']);
        }),
      );
      for (const { chat, backendChatId } of others) {
        assert.ok(!chat.history().some((event) => event.type === 'agentEndedChat'), 'another chat should not end');
        assert.deepEqual(await agentReceivedTexts(context, backendChatId), ['good']);
      }
    },
  },
];
