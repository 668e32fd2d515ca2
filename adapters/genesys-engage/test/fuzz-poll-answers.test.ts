import fc from 'fast-check';
import { type ChatSession, connectMessage, createMemoryWebhookHub } from '@byosd/core';
import { genesysEngageAdapter } from '../src/index.js';
import { messagesAnswerSchema } from '../protocol/index.js';
import { GenesysEngageSimulator, genesysEngageOptionsFor } from '../testbed/index.js';
import {
  errorRecordingLogger,
  expectAgentReaches,
  expectNoPrototypePollution,
  fuzzParameters,
  FUZZ_RUNS,
  hostileJson,
  hostileText,
  mutatedFrame,
  openSession,
  reportedErrors,
  watchUnhandledRejections,
  whenEnded,
} from '../../../packages/core/test/support/fuzz';
import { answerHeld, type InterceptingProxy, startInterceptingProxy } from '../../../packages/core/test/support/intercepting-proxy';

/**
 * Property-based fuzzing of GWS's answers to the adapter's polls, as the adapter parses them (issue 11). The victim
 * chat talks to the real simulator through a loopback proxy; once it is started, each of its GETs (the messages
 * poll, and the chat resource read every poll here) is held and answered by the test: the documented answer with
 * one field (of the answer, or of a message or participant in it) set to any JSON or removed, any JSON, any text,
 * under any HTTP status. The adapter always polls again (the chat goes on, or ends when the answer says GWS no
 * longer has it); a 200 messages answer that breaks the protocol is reported as PROTOCOL_ERROR; nothing throws,
 * is left rejected or is logged as failing; and another chat with the same simulator still gets its agent's
 * message. `FUZZ_SEED=<seed> npm test -- <this file>` replays another seed.
 */

const unhandled = watchUnhandledRejections();
const logger = errorRecordingLogger();
const hub = createMemoryWebhookHub();
let simulator: GenesysEngageSimulator;
let proxy: InterceptingProxy;
const sessions: ChatSession[] = [];

/** Polling as fast as allowed, and a chat state read after every poll, so that each case is one answer. */
const FAST = { minPollIntervalMs: 1, maxPollIntervalMs: 5, chatStateCheckIntervalMs: 1, retryDelayMs: 1, sendRetries: 1, requestTimeoutMs: 5_000 };

beforeAll(async () => {
  unhandled.start();
  simulator = new GenesysEngageSimulator({ seed: 11 });
  await simulator.start();
  proxy = await startInterceptingProxy(simulator.baseUrl);
}, 30_000);

afterAll(async () => {
  unhandled.stop();
  await Promise.all(sessions.map((session) => session.endChat().catch(() => undefined)));
  await proxy?.close();
  await simulator?.stop();
});

async function startChat(topic: string, baseUrl: string): Promise<{ session: ChatSession; chatId: string }> {
  const session = openSession(genesysEngageAdapter, { ...genesysEngageOptionsFor(simulator), ...FAST, baseUrl }, hub, logger);
  sessions.push(session);
  await session.startChat(connectMessage(topic), {});
  const { chatId } = await simulator.agent.waitForChat(topic);
  return { session, chatId };
}

const agent = { nickname: 'Sam', participantId: 'agent-1', type: 'Agent' };
const customer = { nickname: 'Customer', participantId: 'customer-1', type: 'Customer' };

const documentedMessages = [
  { messages: [{ from: agent, index: 1, type: 'Text', text: 'Hello', utcTime: 1_765_000_000_000 }], statusCode: 0 },
  {
    messages: [
      { from: agent, index: 0, type: 'ParticipantJoined' },
      { from: agent, index: 2, type: 'TypingStarted' },
    ],
    statusCode: 0,
  },
  {
    messages: [
      { from: customer, index: 3, type: 'Text', text: 'Hi' },
      { from: agent, index: 4, type: 'ParticipantLeft' },
    ],
    statusCode: 0,
  },
  { messages: [], statusCode: 0 },
];
const documentedChat = [
  { chat: { id: 'gws-chat', state: 'Chatting', participants: [agent, customer], capabilities: ['SendMessage', 'Complete'] }, statusCode: 0 },
  { chat: { id: 'gws-chat', state: 'WaitingForAgent', participants: [customer], capabilities: [] }, statusCode: 0 },
  { chat: { id: 'gws-chat', state: 'Idle', participants: [], capabilities: [] }, statusCode: 0 },
];

/** The answers as the messages (or participants) inside them, so that a change can reach one level further down. */
function withInnerChanges(answers: readonly Record<string, unknown>[], list: 'messages' | 'chat'): fc.Arbitrary<unknown> {
  const keys = [
    'messages',
    'statusCode',
    'statusMessage',
    'chat',
    'from',
    'index',
    'type',
    'text',
    'utcTime',
    'state',
    'participants',
    'participantId',
    'nickname',
  ];
  const inner = answers.flatMap((answer) => {
    const items = list === 'messages' ? (answer['messages'] as object[]) : [answer['chat'] as object];
    return items.map((item, at) => ({ answer, at, item }));
  });
  return fc.oneof(
    mutatedFrame(answers, keys),
    fc.constantFrom(...inner).chain(({ answer, at, item }) =>
      mutatedFrame([item], keys).map((changed) => {
        const copy = structuredClone(answer);
        if (list === 'messages') (copy['messages'] as unknown[])[at] = changed;
        else copy['chat'] = changed;
        return copy;
      }),
    ),
  );
}

function answerTo(list: 'messages' | 'chat') {
  const documented = list === 'messages' ? documentedMessages : documentedChat;
  return fc.record({
    status: fc.constantFrom(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 400, 403, 404, 429, 500, 503),
    body: fc.oneof(
      { weight: 6, arbitrary: withInnerChanges(documented, list).map((value) => JSON.stringify(value)) },
      { weight: 2, arbitrary: fc.constantFrom(...documented).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? '') },
      { weight: 1, arbitrary: hostileText },
    ),
  });
}

const answers = fc.record({ messages: answerTo('messages'), chat: answerTo('chat') });

function isMalformed(text: string): boolean {
  try {
    return !messagesAnswerSchema.safeParse(JSON.parse(text)).success;
  } catch {
    return true;
  }
}

test(`${FUZZ_RUNS} fuzzed poll answers: the adapter polls on, PROTOCOL_ERROR for each malformed one, and another chat goes on`, async () => {
  const other = await startChat('Unaffected', simulator.baseUrl);
  await simulator.agent.accept(other.chatId, { id: 'agent-sam', name: 'Sam' });
  let restarts = 0;
  let victim = await startChat('Fuzzed 0', proxy.url);
  let victimEnded = whenEnded(victim.session);
  // The victim's reads once it has started (the start itself goes to the simulator).
  proxy.holdWhen((method, path) => method === 'GET' && path.includes(`/${encodeURIComponent(victim.chatId)}`));

  await fc.assert(
    fc.asyncProperty(answers, async (answer) => {
      // An answer may end the chat (404: GWS no longer has it; state Idle): the next answers go to a new one.
      if (victim.session.state === 'ended') {
        victim = await startChat(`Fuzzed ${(restarts += 1)}`, proxy.url);
        victimEnded = whenEnded(victim.session);
      }
      const before = victim.session.events.lastSeq;
      const { request, status, body } = await answerHeld(proxy, (held) => (held.path.includes('/messages') ? answer.messages : answer.chat), victimEnded);
      if (request.path.includes('/messages') && status === 200 && isMalformed(body)) expect(reportedErrors(victim.session, before)).toContain('PROTOCOL_ERROR');
      expect(logger.errors).toEqual([]);
      expect(unhandled.reasons).toEqual([]);
    }),
    fuzzParameters,
  );

  expectNoPrototypePollution();
  await expectAgentReaches(other.session, (text) => simulator.agent.say(other.chatId, text));
  expect(unhandled.reasons).toEqual([]);
}, 120_000);
