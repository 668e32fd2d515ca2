import fc from 'fast-check';
import { type ChatSession, connectMessage, createMemoryWebhookHub } from '@byosd/core';
import { startWebhookHost, type WebhookHost } from '@byosd/simulators';
import { CONVERSATION_EVENTS_PATH, twilioFlexAdapter } from '../src/index.js';
import { configureConversationWebhook, TwilioFlexSimulator, twilioFlexOptionsFor } from '../testbed/index.js';
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
  watchUnhandledRejections,
  whenEnded,
} from '../../../packages/core/test/support/fuzz';
import { answerHeld, type InterceptingProxy, startInterceptingProxy } from '../../../packages/core/test/support/intercepting-proxy';

/**
 * Property-based fuzzing of TaskRouter's REST answers as the Twilio Flex adapter reads them while a chat waits in
 * the queue (issue 11): the pending tasks (a paged list) and the queue's cumulative statistics. The victim chat's
 * TaskRouter calls go through a loopback proxy in front of the simulator and it polls the queue without pause;
 * once it is started, each call is held and answered by the test: the documented answer with one field (of the
 * page, its meta, or a task) set to any JSON or removed, any JSON or any text, under any HTTP status. The adapter
 * always polls again; nothing throws, is left rejected or is logged as failing; and another chat on the same
 * webhook hub still gets its agent's message. `FUZZ_SEED=<seed> npm test -- <this file>` replays another seed.
 */

const unhandled = watchUnhandledRejections();
const logger = errorRecordingLogger();
const hub = createMemoryWebhookHub();
let simulator: TwilioFlexSimulator;
let host: WebhookHost;
let proxy: InterceptingProxy;
let options: Record<string, unknown>;
const sessions: ChatSession[] = [];

beforeAll(async () => {
  unhandled.start();
  simulator = new TwilioFlexSimulator({ seed: 11 });
  await simulator.start();
  options = { ...twilioFlexOptionsFor(simulator), retryDelayMs: 1, queuePollIntervalMs: 20 };
  host = await startWebhookHost({ plugin: twilioFlexAdapter, options: twilioFlexAdapter.optionsSchema.parse(options), webhookHub: hub });
  await configureConversationWebhook(simulator, `${host.baseUrl}${CONVERSATION_EVENTS_PATH}`);
  proxy = await startInterceptingProxy(simulator.baseUrls.taskRouter);
}, 30_000);

afterAll(async () => {
  unhandled.stop();
  await Promise.all(sessions.map((session) => session.endChat().catch(() => undefined)));
  await proxy?.close();
  await host?.close();
  await simulator?.stop();
});

async function startChat(topic: string, extra: Record<string, unknown> = {}): Promise<{ session: ChatSession; sid: string }> {
  const session = openSession(twilioFlexAdapter, { ...options, ...extra }, hub, logger);
  sessions.push(session);
  await session.startChat(connectMessage(topic), {});
  const { chatId } = await simulator.agent.waitForChat(topic);
  return { session, sid: chatId };
}

const task = (sid: string, conversationSid: string) => ({
  sid,
  attributes: JSON.stringify({ conversationSid }),
  assignment_status: 'pending',
  date_created: '2026-12-06T21:00:00Z',
});
const documentedTasks = [
  { tasks: [task('WT1', 'CHother'), task('WT2', 'CHvictim')], meta: { key: 'tasks', next_page_url: null, page: 0, page_size: 100 } },
  { tasks: [task('WT3', 'CHvictim')], meta: { key: 'tasks', next_page_url: '/v1/Workspaces/WS1/Tasks?Page=1&PageSize=100', page: 0 } },
  { tasks: [], meta: { key: 'tasks', next_page_url: null } },
];
const documentedStatistics = [{ avg_task_acceptance_time: 42, tasks_entered: 3 }, { avg_task_acceptance_time: null }];
const KEYS = ['tasks', 'meta', 'key', 'next_page_url', 'sid', 'attributes', 'assignment_status', 'date_created', 'avg_task_acceptance_time'];

/** A tasks page with one change: at the top, in its meta, or in one of its tasks. */
const changedTasks = fc.oneof(
  mutatedFrame(documentedTasks, KEYS),
  fc
    .constantFrom(...documentedTasks.flatMap((page) => page.tasks.map((one, at) => ({ page, at, one }))))
    .chain(({ page, at, one }) =>
      mutatedFrame([one], KEYS).map((changed) => ({ ...page, tasks: page.tasks.map((original, index) => (index === at ? changed : original)) })),
    ),
);

function answerTo(changed: fc.Arbitrary<unknown>, documented: readonly unknown[]) {
  return fc.record({
    status: fc.constantFrom(200, 200, 200, 200, 200, 200, 200, 200, 400, 401, 404, 429, 500, 503),
    body: fc.oneof(
      { weight: 6, arbitrary: changed.map((value) => JSON.stringify(value)) },
      { weight: 2, arbitrary: fc.constantFrom(...documented).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? '') },
      { weight: 1, arbitrary: hostileText },
    ),
  });
}

const answers = fc.record({
  tasks: answerTo(changedTasks, documentedTasks),
  statistics: answerTo(mutatedFrame(documentedStatistics, KEYS), documentedStatistics),
});

test(`${FUZZ_RUNS} fuzzed TaskRouter answers: the adapter polls the queue on, and another chat goes on`, async () => {
  const other = await startChat('Unaffected');
  await simulator.agent.accept(other.sid, { id: 'agent-sam', name: 'Sam' });
  const victim = await startChat('Fuzzed', { taskRouterBaseUrl: proxy.url, queuePollIntervalMs: 1 });
  const victimEnded = whenEnded(victim.session);
  // The victim's TaskRouter reads once it has started (the start itself goes to the simulator).
  proxy.holdWhen((method) => method === 'GET');

  await fc.assert(
    fc.asyncProperty(answers, async (answer) => {
      await answerHeld(proxy, (held) => (held.path.includes('/CumulativeStatistics') ? answer.statistics : answer.tasks), victimEnded);
      expect(logger.errors).toEqual([]);
      expect(unhandled.reasons).toEqual([]);
    }),
    fuzzParameters,
  );

  expectNoPrototypePollution();
  expect(victim.session.state).not.toBe('ended');
  await expectAgentReaches(other.session, (text) => simulator.agent.say(other.sid, text));
  expect(unhandled.reasons).toEqual([]);
}, 120_000);
