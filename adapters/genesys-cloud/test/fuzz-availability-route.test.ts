import fc from 'fast-check';
import type { WebhookRoute, WebhookResponse } from '@byosd/core';
import { genesysCloudOptionsSchema } from '@byosd/adapter-genesys-cloud';
import { AVAILABILITY_CACHE_MS, availabilityRoutes } from '@byosd/adapter-genesys-cloud/server';
import { availabilityAnswerSchema, estimatedWaitTimeSchema, oauthTokenResponseSchema, queueObservationResultSchema } from '../protocol/rest-api.js';
import { GENESYS_SIMULATOR_DEPLOYMENT_ID, GENESYS_SIMULATOR_OAUTH_CLIENT, GENESYS_SIMULATOR_QUEUE_ID, GenesysCloudSimulator } from '../testbed/index.js';
import { fuzzParameters, FUZZ_RUNS, hostileJson, hostileText, mutatedFrame, watchUnhandledRejections } from '../../../packages/core/test/support/fuzz';
import { type InterceptingProxy, startInterceptingProxy } from '../../../packages/core/test/support/intercepting-proxy';

/**
 * Property-based fuzzing of the Genesys Cloud availability route (issue 11), both of its sides: the guest's
 * request (any method, query and headers) and Genesys's answers, with the real OAuth client-credentials flow.
 * The route calls the simulator through a loopback proxy; in each case one of the three calls it makes (the
 * simulator's `/oauth/token`, the queue observations query, the estimated wait) is held and answered with the
 * documented answer with one field set to any JSON or removed, any JSON or any text, under any status, while the
 * other two reach the simulator. The guest gets 200 with a valid answer, or 502 naming the reason when Genesys's
 * answer is unusable; never a throw, a 5xx other than 502, or the client secret; nothing is left rejected. Another
 * guest's route on the same options (a route instance as another gateway holds it) still answers from Genesys
 * during and after the fuzzing, and so does the fuzzed route itself once Genesys answers properly again.
 * `FUZZ_SEED=<seed> npm test -- <this file>` replays another seed.
 */

const unhandled = watchUnhandledRejections();
let simulator: GenesysCloudSimulator;
let proxy: InterceptingProxy;

beforeAll(async () => {
  unhandled.start();
  simulator = new GenesysCloudSimulator({ seed: 11 });
  await simulator.start();
  proxy = await startInterceptingProxy(simulator.apiUrl);
}, 30_000);

afterAll(async () => {
  unhandled.stop();
  await proxy?.close();
  await simulator?.stop();
});

const options = (url: string) =>
  genesysCloudOptionsSchema.parse({
    deploymentId: GENESYS_SIMULATOR_DEPLOYMENT_ID,
    apiUrl: url,
    loginUrl: url,
    oauthClientId: GENESYS_SIMULATOR_OAUTH_CLIENT.id,
    oauthClientSecret: GENESYS_SIMULATOR_OAUTH_CLIENT.secret,
    queueId: GENESYS_SIMULATOR_QUEUE_ID,
    requestTimeoutMs: 5_000,
  });

/** The three calls the route makes, how to recognise each, its documented answers and its schema. */
const CALLS = {
  token: {
    matches: (path: string) => path.startsWith('/oauth/token'),
    documented: [{ access_token: 'token-1', token_type: 'bearer', expires_in: 86_400 }, { access_token: 'token-2' }],
    schema: oauthTokenResponseSchema,
  },
  observations: {
    matches: (path: string) => path.startsWith('/api/v2/analytics/queues/observations/query'),
    documented: [
      { results: [{ group: { queueId: GENESYS_SIMULATOR_QUEUE_ID }, data: [{ metric: 'oOnQueueUsers', qualifier: 'IDLE', stats: { count: 2 } }] }] },
      { results: [{ group: { queueId: GENESYS_SIMULATOR_QUEUE_ID }, data: [{ metric: 'oWaiting', stats: { count: 0 } }] }] },
      { results: [] },
    ],
    schema: queueObservationResultSchema,
  },
  waitTime: {
    matches: (path: string) => path.includes('/estimatedwaittime'),
    documented: [{ results: [{ intent: 'ESTIMATED_WAIT_TIME', formula: 'BEST', estimatedWaitTimeSeconds: 60 }] }, { results: [] }],
    schema: estimatedWaitTimeSchema,
  },
} as const;
type Call = keyof typeof CALLS;

const KEYS = ['access_token', 'token_type', 'expires_in', 'results', 'group', 'data', 'metric', 'stats', 'count', 'estimatedWaitTimeSeconds', 'intent'];

const genesysAnswer = fc.constantFrom<Call>('token', 'observations', 'waitTime').chain((call) =>
  fc.record({
    call: fc.constant(call),
    status: fc.constantFrom(200, 200, 200, 200, 200, 200, 201, 400, 401, 403, 404, 429, 500, 503),
    body: fc.oneof(
      { weight: 6, arbitrary: mutatedFrame(CALLS[call].documented, KEYS).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: fc.constantFrom(...CALLS[call].documented).map((value) => JSON.stringify(value)) },
      { weight: 1, arbitrary: hostileJson.map((value) => JSON.stringify(value) ?? '') },
      { weight: 1, arbitrary: hostileText },
    ),
  }),
);

const guestRequest = fc.record({
  method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST'),
  query: fc.string(),
  headers: fc.dictionary(fc.oneof(fc.constantFrom('origin', 'cookie', 'authorization', 'x-forwarded-for'), fc.string({ minLength: 1 })), hostileText, {
    maxKeys: 3,
  }),
});

function isUsable(call: Call, status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  try {
    return CALLS[call].schema.safeParse(JSON.parse(body)).success;
  } catch {
    return false;
  }
}

/** Whether the log (`METHOD path` entries) holds the observations query and the estimated wait. */
function bothApiCallsIn(log: readonly string[]): boolean {
  const paths = log.map((entry) => entry.slice(entry.indexOf(' ') + 1));
  return paths.some(CALLS.observations.matches) && paths.some(CALLS.waitTime.matches);
}

/** A guest's request, as the gateway hands it to the route. */
function ask(route: WebhookRoute, guest: { method: string; query: string; headers: Record<string, string> } = { method: 'GET', query: '', headers: {} }) {
  const url = `http://gateway.example/webhooks/genesys-cloud/availability?${encodeURIComponent(guest.query)}`;
  return route.handle({ method: guest.method, url, headers: guest.headers, rawBody: new Uint8Array() });
}

function expectClearAnswer(response: WebhookResponse): void {
  expect([200, 502]).toContain(response.status);
  expect(response.body ?? '').not.toContain(GENESYS_SIMULATOR_OAUTH_CLIENT.secret);
  const body: unknown = JSON.parse(response.body ?? '');
  if (response.status === 200) expect(availabilityAnswerSchema.safeParse(body).success).toBe(true);
  else expect((body as { error?: unknown }).error).toEqual(expect.stringMatching(/\S/));
}

const ONLINE = { agentsOnline: true, estimatedWaitSeconds: 60 };

test(`${FUZZ_RUNS} fuzzed Genesys answers and guest requests: 200 or a clear 502, and another guest's route still answers`, async () => {
  let clock = 0;
  // One route reused across cases (its cache expired by the clock each time): it must recover from every answer.
  const [fuzzed] = availabilityRoutes(options(proxy.url), { now: () => clock });
  const [bystander] = availabilityRoutes(options(simulator.apiUrl));
  if (!fuzzed || !bystander) throw new Error('genesys-cloud offers no availability route');
  expect(JSON.parse((await ask(bystander)).body ?? '')).toEqual(ONLINE);
  let asked = 0;

  await fc.assert(
    fc.asyncProperty(genesysAnswer, guestRequest, async ({ call, status, body }, guest) => {
      clock += AVAILABILITY_CACHE_MS;
      proxy.holdWhen((_method, path) => CALLS[call].matches(path));
      // The token is cached for its lifetime: a fresh route asks /oauth/token again, so that its answer can be fuzzed.
      const route = call === 'token' ? availabilityRoutes(options(proxy.url))[0]! : fuzzed;
      const logged = proxy.log.length;
      const answering = ask(route, guest);
      const held = await proxy.nextHeld(5_000);
      held.respond(status, body);
      const response = await answering;
      // The route may answer before its other call has even reached the proxy (Promise.all fails fast): wait for
      // it, so that it is not held as the next case's call.
      if (call !== 'token' || isUsable('token', status, body)) {
        await proxy.whenLogged((log) => bothApiCallsIn(log.slice(logged)), 5_000);
      }
      proxy.holdWhen(() => false);
      expectClearAnswer(response);
      // An unusable answer is a 502; a usable token may still be refused by the API (502), the others answer 200.
      if (!isUsable(call, status, body)) expect(response.status).toBe(502);
      else if (call !== 'token') expect(response.status).toBe(200);
      expect(unhandled.reasons).toEqual([]);
      asked += 1;
      if (asked % 100 === 0) expect(JSON.parse((await ask(bystander)).body ?? '')).toEqual(ONLINE);
    }),
    fuzzParameters,
  );

  clock += AVAILABILITY_CACHE_MS;
  expect(JSON.parse((await ask(fuzzed)).body ?? '')).toEqual(ONLINE);
  expect(unhandled.reasons).toEqual([]);
}, 120_000);
