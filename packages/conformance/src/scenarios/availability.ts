import assert from 'node:assert/strict';
import { connectMessage } from '@byosd/core';
import { AVAILABILITY_TIMEOUT_MS } from '../chat-under-test.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { startChat } from '../steps.js';

/** Asks a fresh, not started chat whether agents are online. */
async function askAvailability(context: ScenarioContext): Promise<boolean | null> {
  const chat = context.newChat();
  const ask = chat.desk.areAnyAgentsOnline;
  assert.ok(ask, 'the adapter declares agentAvailability but has no areAnyAgentsOnline');
  return ask.call(chat.desk, connectMessage(context.topic('availability')));
}

/** What the backend knows about its agents, and the answer it must lead to. */
const AVAILABILITY_ANSWERS: ReadonlyArray<{ online: boolean | null; situation: string }> = [
  { online: true, situation: 'with agents online' },
  { online: false, situation: 'with every agent offline' },
  { online: null, situation: 'when the backend cannot tell' },
];

/** Availability before a chat, and the queue while waiting. */
export const availabilityScenarios: Scenario[] = [
  ...AVAILABILITY_ANSWERS.map(
    ({ online, situation }): Scenario => ({
      group: 'availability',
      name: `${situation}, areAnyAgentsOnline answers ${String(online)}`,
      requires: ['agentAvailability'],
      async run(context) {
        await context.agent.setAgentsOnline(online);
        assert.equal(await askAvailability(context), online);
      },
    }),
  ),
  {
    group: 'availability',
    name: 'when the backend does not answer, areAnyAgentsOnline answers null within the timeout',
    requires: ['agentAvailability'],
    needsFaults: true,
    // The bound is the chat session's; an adapter alone may take its own request timeout.
    modes: ['session'],
    async run(context) {
      context.faults.failNext('availability', { type: 'no-reply' });
      const startedAt = Date.now();
      assert.equal(await askAvailability(context), null);
      const elapsed = Date.now() - startedAt;
      assert.ok(elapsed < AVAILABILITY_TIMEOUT_MS + 500, `the answer took ${elapsed} ms, longer than the ${AVAILABILITY_TIMEOUT_MS} ms timeout`);
    },
  },
  {
    group: 'availability',
    name: 'asking about availability opens no chat at the backend',
    requires: ['agentAvailability'],
    async run(context) {
      await askAvailability(context);
      assert.deepEqual(await context.agent.chats('open'), []);
    },
  },
  {
    group: 'availability',
    name: 'queue position and wait time reach the user as they change',
    requires: ['queueUpdates'],
    async run(context) {
      const { chat, backendChatId } = await startChat(context);
      await context.agent.setQueue(backendChatId, 3, 6);
      await chat.waitFor(
        'updateAgentAvailability',
        (event) => event.availability.position_in_queue === 3 && event.availability.estimated_wait_time === 6,
        'position 3, 6 minutes',
      );
      await context.agent.setQueue(backendChatId, 1, 2);
      await chat.waitFor(
        'updateAgentAvailability',
        (event) => event.availability.position_in_queue === 1 && event.availability.estimated_wait_time === 2,
        'position 1, 2 minutes',
      );
    },
  },
];
