import fc from 'fast-check';
import { CONNECT, startTestGateway, type TestGateway } from './helpers/test-gateway.js';
import { WidgetClient } from './helpers/widget-client.js';
import { errorRecordingLogger, fuzzParameters, FUZZ_RUNS, watchUnhandledRejections } from '../../core/test/support/fuzz';

/**
 * Property-based fuzzing of the Live Assist short-code routes (issue 11): arbitrary methods, paths, query strings
 * (appkey as any text, repeated, missing, alongside other parameters), client addresses and bodies. Each request
 * gets a clear answer (a code, a session, 403, 404 or 429; never a 5xx), nothing is logged as failing, no promise
 * is left rejected, and a co-browse code created by a chat on the same gateway still redeems for its agent at the end.
 * A failure prints its seed; `FUZZ_SEED=<seed> npm test -- <this file>` replays it.
 */

const ROUTES = ['/assistserver/shortcode/create', '/assistserver/shortcode/consumer', '/assistserver/shortcode/agent'];
const ANSWERS = [200, 400, 403, 404, 405, 415, 429];

const query = fc.oneof(
  fc.constant(''),
  fc.string().map((appkey) => `?appkey=${encodeURIComponent(appkey)}`),
  fc
    .array(fc.tuple(fc.constantFrom('appkey', 'appkey[]', 'cid', '__proto__', 'constructor'), fc.string()), { maxLength: 4 })
    .map((pairs) => `?${new URLSearchParams(pairs).toString()}`),
  fc.string({ unit: fc.constantFrom(...'?&=%[]#/.appkey0123456789ABCDEF'.split('')), maxLength: 40 }).map((raw) => `?${raw}`),
);

const request = fc.record({
  method: fc.constantFrom('GET', 'GET', 'PUT', 'PUT', 'POST', 'DELETE'),
  path: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...ROUTES) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ROUTES), fc.webPath()).map(([route, tail]) => `${route}${tail}`) },
  ),
  query,
  forwardedFor: fc.option(fc.ipV4()),
  body: fc.option(fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value))),
});

let test_: TestGateway;
const unhandled = watchUnhandledRejections();
const logger = errorRecordingLogger();

beforeAll(() => unhandled.start());
afterAll(async () => {
  unhandled.stop();
  await test_?.close();
});

test(`${FUZZ_RUNS} fuzzed short-code requests: each gets a clear answer, and another chat's code still redeems`, async () => {
  // Limits high enough that most requests reach the parsing and look-up, not the 429 in front of them.
  test_ = await startTestGateway({ shortCodeGuessesPerMinute: 100_000, shortCodeCreatesPerMinute: 100_000, trustProxy: true }, { logger });
  const { httpUrl } = test_.gateway;

  const chat = await WidgetClient.connect(test_.gateway.url);
  await chat.ok({ type: 'hello', protocol: 1 });
  await chat.ok({ type: 'start', adapter: 'example', connectMessage: CONNECT });
  test_.desk.accept(test_.desk.allChats()[0]?.id ?? '', { id: 'agent-1', name: 'Sam' });
  // The gateway redeems the consumer side for the user's page; the agent's side is left for the agent.
  const { shortCode, cid } = (await chat.ok({ type: 'cobrowse' })) as { shortCode: string; cid: string };

  await fc.assert(
    fc.asyncProperty(request, async ({ method, path, query: search, forwardedFor, body }) => {
      const response = await fetch(`${httpUrl}${path}${search}`, {
        method,
        headers: {
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
          ...(body !== null && method !== 'GET' ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== null && method !== 'GET' ? { body } : {}),
        signal: AbortSignal.timeout(5_000),
      });
      const text = await response.text();
      expect(ANSWERS).toContain(response.status);
      if (response.status !== 404 && text.length > 0) expect(() => JSON.parse(text) as unknown).not.toThrow();
      expect(logger.errors).toEqual([]);
    }),
    fuzzParameters,
  );

  // The chat's code was not guessed, used up or spoilt by the fuzzing: the agent exchanges it for the session.
  const agent = await fetch(`${httpUrl}/assistserver/shortcode/agent?appkey=${shortCode}`);
  expect(agent.status).toBe(200);
  expect(await agent.json()).toEqual({ cid });
  await chat.ok({ type: 'send', messageId: 'after', message: { input: { text: 'still here' } } });
  expect(unhandled.reasons).toEqual([]);
  await chat.close();
}, 120_000);
