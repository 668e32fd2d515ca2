import assert from 'node:assert/strict';
import type { Scenario } from '../scenario.js';
import { agentReceivedTexts, SECOND_AGENT, sendUserMessages, startConnectedChat } from '../steps.js';
import { describeReports, reports } from '../transcript.js';

/** Transfer to another agent. */
export const transferScenarios: Scenario[] = [
  {
    group: 'transfer',
    name: 'a transfer: beginTransferToAnotherAgent, then agentJoined with the new agent, and no end',
    requires: ['transfer'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const firstJoin = await chat.waitFor('agentJoined');
      await context.agent.transfer(backendChatId, SECOND_AGENT);
      const transfer = await chat.waitFor('beginTransferToAnotherAgent');
      const joined = await chat.waitFor('agentJoined', (event) => event.seq > transfer.seq, `${SECOND_AGENT.name} to join after the transfer`);
      assert.equal(joined.profile.id, SECOND_AGENT.id);
      const between = reports(chat.history()).filter((event) => event.seq > firstJoin.seq && event.seq < joined.seq);
      assert.deepEqual(
        between.map((event) => event.type),
        ['beginTransferToAnotherAgent'],
        `only the transfer should come between the two joins, but the user was told: ${describeReports(between)}`,
      );
    },
  },
  {
    group: 'transfer',
    name: 'after a transfer, messages go to and come from the new agent in the same chat',
    requires: ['transfer'],
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      await sendUserMessages(chat, ['Before the transfer']);
      await context.agent.transfer(backendChatId, SECOND_AGENT);
      await chat.waitFor('agentJoined', (event) => event.profile.id === SECOND_AGENT.id, `${SECOND_AGENT.name} to join`);
      await context.agent.say(backendChatId, `Hi, ${SECOND_AGENT.name} here`);
      const message = await chat.waitFor('sendMessageToUser');
      assert.equal(message.agentId, SECOND_AGENT.id, 'the message should name the new agent');
      await sendUserMessages(chat, ['After the transfer']);
      assert.deepEqual(await agentReceivedTexts(context, backendChatId), ['Before the transfer', 'After the transfer']);
    },
  },
];
