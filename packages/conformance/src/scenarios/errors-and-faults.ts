import assert from 'node:assert/strict';
import { connectMessage, type ErrorInfo, isServiceDeskError } from '@byosd/core';
import type { RequestFault } from '../harness/backend-faults.js';
import type { Scenario, ScenarioContext } from '../scenario.js';
import { agentReceivedTexts, expectUserReceived, numbered, sendUserMessages, startChat, startConnectedChat } from '../steps.js';
import { agentTexts } from '../transcript.js';

const isDisconnected = (value: boolean) => (info: ErrorInfo) => info.type === 'DISCONNECTED' && info.isDisconnected === value;

/** Starts a chat that the backend fails; checks the typed rejection and that nothing stays open. */
async function expectFailedStart(context: ScenarioContext): Promise<void> {
  const chat = context.newChat();
  const topic = context.topic('failed start');
  let failure: unknown;
  await chat.desk.startChat(connectMessage(topic), {}).catch((error: unknown) => {
    failure = error;
  });
  assert.ok(failure !== undefined, 'startChat should reject when the backend fails');
  assert.ok(isServiceDeskError(failure), `startChat should reject with a ServiceDeskError, not ${String(failure)}`);
  assert.ok(failure.isRetryable, `a backend failure should be retryable, but startChat failed with ${failure.code}`);
  const open = await context.agent.chats('open');
  assert.deepEqual(
    open.map((chat) => chat.topic),
    [],
    'a failed start must leave no chat open at the backend',
  );
  // The user stays with the bot and may try again.
  await startChat(context, chat, 'second attempt');
}

/** The next `times` sends fail with `fault`; the user's messages must still reach the agent, once each, in order. */
async function expectDeliveredOnceDespite(context: ScenarioContext, fault: RequestFault, times = 1): Promise<void> {
  const { chat, backendChatId } = await startConnectedChat(context);
  context.faults.failNext('send', fault, times);
  const texts = ['Did this arrive?', 'And this?'];
  await sendUserMessages(chat, texts);
  assert.deepEqual(await agentReceivedTexts(context, backendChatId), texts);
}

/** Errors and faults: what the user sees when the backend or the network misbehaves, and that nothing is lost. */
export const errorsAndFaultsScenarios: Scenario[] = [
  {
    group: 'errors-and-faults',
    name: 'the backend refuses the start: startChat rejects, nothing stays open, a new start works',
    needsFaults: true,
    async run(context) {
      context.faults.failNext('start', { type: 'unavailable', status: 503 });
      await expectFailedStart(context);
    },
  },
  {
    group: 'errors-and-faults',
    name: 'the backend fails after creating the chat: startChat rejects and the chat is closed again',
    needsFaults: true,
    async run(context) {
      context.faults.failNext('start', { type: 'fail-after-processing' });
      await expectFailedStart(context);
    },
  },
  {
    group: 'errors-and-faults',
    name: 'the connection drops mid-chat: DISCONNECTED, reconnected, no message lost or repeated',
    requires: ['disconnectReporting'],
    needsFaults: true,
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      const before = numbered('before the drop', 3);
      const during = numbered('while disconnected', 3);
      for (const text of before) await context.agent.say(backendChatId, text);
      await expectUserReceived(chat, before);
      context.faults.dropConnections();
      await chat.waitFor('setErrorStatus', (event) => isDisconnected(true)(event.info), 'DISCONNECTED (lost)');
      for (const text of during) await context.agent.say(backendChatId, text);
      await chat.waitFor('setErrorStatus', (event) => isDisconnected(false)(event.info), 'DISCONNECTED (back)');
      await expectUserReceived(chat, [...before, ...during]);
      await sendUserMessages(chat, ['after the reconnect']);
      assert.deepEqual(await agentReceivedTexts(context, backendChatId), ['after the reconnect'], 'what the agent received');
    },
  },
  {
    group: 'errors-and-faults',
    name: 'a send whose answer is lost with the connection is retried and reaches the agent once',
    needsFaults: true,
    run: (context) => expectDeliveredOnceDespite(context, { type: 'drop-after-processing' }),
  },
  {
    group: 'errors-and-faults',
    name: 'a send that fails after the backend took it is retried and reaches the agent once',
    needsFaults: true,
    run: (context) => expectDeliveredOnceDespite(context, { type: 'fail-after-processing' }),
  },
  {
    group: 'errors-and-faults',
    name: '5xx on a send: retried with backoff and delivered once',
    needsFaults: true,
    run: (context) => expectDeliveredOnceDespite(context, { type: 'unavailable', status: 503 }, 2),
  },
  {
    group: 'errors-and-faults',
    name: '429 with Retry-After on a send: waits as told, then delivered once',
    needsFaults: true,
    async run(context) {
      const retryAfterMs = 150;
      const startedAt = Date.now();
      await expectDeliveredOnceDespite(context, { type: 'rate-limited', retryAfterMs });
      const elapsed = Date.now() - startedAt;
      assert.ok(elapsed >= retryAfterMs - 10, `the retry came after ${elapsed} ms, before the ${retryAfterMs} ms the backend asked for`);
    },
  },
  {
    group: 'errors-and-faults',
    name: 'a malformed backend frame: PROTOCOL_ERROR is reported and the chat goes on',
    needsFaults: true,
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      context.faults.sendMalformed();
      await chat.waitFor('setErrorStatus', (event) => event.info.type === 'PROTOCOL_ERROR', 'PROTOCOL_ERROR');
      await context.agent.say(backendChatId, 'Still here');
      await chat.until((events) => agentTexts(events).includes('Still here'), 'the next agent message');
      await sendUserMessages(chat, ['Me too']);
      assert.deepEqual(await agentReceivedTexts(context, backendChatId), ['Me too']);
      assert.ok(!chat.history().some((event) => event.type === 'agentEndedChat'), 'a malformed frame must not end the chat');
    },
  },
  {
    group: 'errors-and-faults',
    name: 'duplicated and reordered deliveries: every agent message reaches the user once, in order',
    needsFaults: true,
    async run(context) {
      const { chat, backendChatId } = await startConnectedChat(context);
      context.faults.setDelivery({ duplicateRate: 0.3, reorderRate: 0.3 });
      const texts = numbered('shuffled', 30);
      for (const text of texts) await context.agent.say(backendChatId, text);
      await expectUserReceived(chat, texts);
    },
  },
];
