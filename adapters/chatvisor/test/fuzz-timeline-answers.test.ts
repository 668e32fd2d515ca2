import fc from 'fast-check';
import { type ChatSession, connectMessage, createMemoryWebhookHub } from '@byosd/core';
import { historyPageSchema } from '../protocol/index.js';
import { chatvisorAdapter } from '../src/index.js';
import { ChatvisorSimulator, chatvisorOptionsFor } from '../testbed/index.js';
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
 * Property-based fuzzing of Chatvisor's REST answers to the timeline reads the adapter polls (issue 11). The
 * victim chat talks to the real simulator through a loopback proxy and polls without pause; once it is started,
 * each of its reads is held and answered by the test: the documented history page with one field (of the page, or
 * of an entry or its agent) set to any JSON or removed, any JSON or any text, under any HTTP status. A 200 whose
 * page breaks the schema is reported to the chat as PROTOCOL_ERROR. The adapter always reads again (or the chat ends, when an entry says the conversation is DONE); nothing throws, is left
 * rejected or is logged as failing; and another chat with the same simulator still gets its agent's message.
 * `FUZZ_SEED=<seed> npm test -- <this file>` replays another seed.
 */

const unhandled = watchUnhandledRejections();
const logger = errorRecordingLogger();
const hub = createMemoryWebhookHub();
let simulator: ChatvisorSimulator;
let proxy: InterceptingProxy;
const sessions: ChatSession[] = [];

beforeAll(async () => {
  unhandled.start();
  simulator = new ChatvisorSimulator({ seed: 11 });
  await simulator.start();
  proxy = await startInterceptingProxy(simulator.apiUrl);
}, 30_000);

afterAll(async () => {
  unhandled.stop();
  await Promise.all(sessions.map((session) => session.endChat().catch(() => undefined)));
  await proxy?.close();
  await simulator?.stop();
});

/** No webhooks reach these chats: they learn everything by reading the timeline, the victim as fast as it can. */
async function startChat(topic: string, apiUrl: string, pollIntervalMs: number): Promise<{ session: ChatSession; customerId: string }> {
  const options = { ...chatvisorOptionsFor(simulator), apiUrl, pollIntervalMs, safetyPollIntervalMs: pollIntervalMs, retryDelayMs: 1, requestTimeoutMs: 5_000 };
  const session = openSession(chatvisorAdapter, options, hub, logger);
  sessions.push(session);
  await session.startChat(connectMessage(topic), {});
  const { chatId } = await simulator.agent.waitForChat(topic);
  return { session, customerId: chatId };
}

const agent = { userId: 'ada@example.com', firstname: 'Ada', lastname: 'L' };
const documentedPages = [
  {
    entries: [{ type: 'MESSAGE', seq: 1, id: 'm1', sender: 'AGENT', agent, text: 'Hello', externalId: null, createdAt: '2026-12-06T21:00:00Z' }],
    hasMore: false,
  },
  { entries: [{ type: 'STATUS_CHANGE', seq: 2, status: 'UNRESOLVED', agent, createdAt: '2026-12-06T21:00:01Z' }], hasMore: false },
  {
    entries: [
      { type: 'MESSAGE', seq: 3, id: 'm3', sender: 'CUSTOMER', agent: null, text: 'Hi', externalId: 'x1', createdAt: '2026-12-06T21:00:02Z' },
      { type: 'STATUS_CHANGE', seq: 4, status: 'UNREAD', agent: null, createdAt: '2026-12-06T21:00:03Z' },
    ],
    hasMore: true,
  },
  { entries: [], hasMore: false },
];
const KEYS = ['entries', 'hasMore', 'type', 'seq', 'id', 'sender', 'agent', 'text', 'externalId', 'createdAt', 'status', 'userId', 'firstname'];

/** A page with one change: at the top, in one of its entries, or in that entry's agent. */
const changedPage = fc.oneof(
  mutatedFrame(documentedPages, KEYS),
  fc
    .constantFrom(...documentedPages.flatMap((page) => page.entries.map((entry, at) => ({ page, at, entry }))))
    .chain(({ page, at, entry }) =>
      mutatedFrame([entry], KEYS).map((changed) => ({ ...page, entries: page.entries.map((original, index) => (index === at ? changed : original)) })),
    ),
);

/** A body as the adapter's HTTP client reads it: JSON when it parses, else the text. */
function parsedOrText(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

const answer = fc.record({
  status: fc.constantFrom(200, 200, 200, 200, 200, 200, 200, 200, 400, 401, 403, 429, 500, 503),
  body: fc.oneof(
    { weight: 6, arbitrary: changedPage.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.constantFrom(...documentedPages).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? '') },
    { weight: 1, arbitrary: hostileText },
  ),
});

test(`${FUZZ_RUNS} fuzzed timeline answers: the adapter reads on, and another chat goes on`, async () => {
  const other = await startChat('Unaffected', simulator.apiUrl, 20);
  await simulator.agent.accept(other.customerId, { id: 'ada@example.com', name: 'Ada' });
  let restarts = 0;
  let victim = await startChat('Fuzzed 0', proxy.url, 1);
  let victimEnded = whenEnded(victim.session);
  // The victim's timeline reads once it has started (the start itself goes to the simulator).
  proxy.holdWhen((method, path) => method === 'GET' && path.includes(`/conversation/${encodeURIComponent(victim.customerId)}/messages`));

  await fc.assert(
    fc.asyncProperty(answer, async (fuzzed) => {
      // An entry may say the conversation is DONE, which ends the chat: the next answers go to a new one.
      if (victim.session.state === 'ended') {
        victim = await startChat(`Fuzzed ${(restarts += 1)}`, proxy.url, 1);
        victimEnded = whenEnded(victim.session);
      }
      const before = victim.session.events.lastSeq;
      await answerHeld(proxy, () => fuzzed, victimEnded);
      // A page that breaks the schema reaches the user side as PROTOCOL_ERROR; the chat reads on.
      if (fuzzed.status === 200 && !historyPageSchema.safeParse(parsedOrText(fuzzed.body)).success) {
        expect(reportedErrors(victim.session, before)).toContain('PROTOCOL_ERROR');
      }
      expect(logger.errors).toEqual([]);
      expect(unhandled.reasons).toEqual([]);
    }),
    fuzzParameters,
  );

  expectNoPrototypePollution();
  await expectAgentReaches(other.session, (text) => simulator.agent.say(other.customerId, text));
  expect(unhandled.reasons).toEqual([]);
}, 120_000);
